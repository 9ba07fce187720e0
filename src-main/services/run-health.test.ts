import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { runCliJson } from '../cli/test-cli'
import type { Dataset } from '../engine/dataset'
import { Trainer } from '../engine/trainer'
import { TrainingSession } from '../workers/training-session'
import { cacheFileName, readTrainingCache } from './datasets/training-cache'
import { sampleFacesDir } from './resources'
import { Studio } from './studio'
import type { SpawnTrainingProcess } from './training-process'
import type { TrainingReport } from './training-protocol'

/**
 * Training health end to end: a real session trains in this process (so a test can force what the generator makes or
 * what D reports), its reports go through the run supervisor into the real database, and the run's summary, the
 * closest-photo channel and `runs --json` show what was found.
 */

/** The training worker without the process: the same session, its reports delivered asynchronously as IPC would. */
const inProcessTraining: SpawnTrainingProcess = () => {
  const reportListeners: ((report: TrainingReport) => void)[] = []
  const exitListeners: ((code: number | null) => void)[] = []
  let session: TrainingSession | undefined
  const deliver = (report: TrainingReport) =>
    setImmediate(() => reportListeners.forEach((listener) => listener(structuredClone(report))))
  return {
    send(command) {
      if (command.type === 'start') {
        session = new TrainingSession(command, deliver)
        void session.run().then(
          () => setImmediate(() => exitListeners.forEach((listener) => listener(0))),
          (error: unknown) => {
            deliver({ type: 'failed', reason: String(error) })
            setImmediate(() => exitListeners.forEach((listener) => listener(1)))
          },
        )
      } else if (command.type === 'pause') session?.pause()
      else if (command.type === 'resume') session?.resume()
      else if (command.type === 'stop') session?.stop()
    },
    onReport: (listener) => reportListeners.push(listener),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => session?.stop(),
    pid: process.pid,
  }
}

let root: string
let studio: Studio
let datasetId: number
/** the photos left out of every run here (a "generator" that makes new faces returns these) */
let heldOut: Dataset
const SIZE = 32
const PER = SIZE * SIZE * 3

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'studio-health-'))
  studio = new Studio({
    dataDir: join(root, 'data'),
    mode: 'browser',
    probeBackends: async () => ({ backend: 'cpu', device: 'test', unavailable: [], versions: {} }),
    spawnTrainingProcess: inProcessTraining,
  })
  const imported = await studio.datasets.runImport({
    sourcePath: sampleFacesDir(),
    sourceLabel: 'sample faces',
    name: 'Faces',
    sizes: [SIZE],
  })
  datasetId = imported.datasetId!
  const included = studio.datasets.queries.includedImageIds(datasetId)
  const left = included.slice(included.length / 2)
  studio.datasets.setExcluded(datasetId, left, true)
  const cache = await readTrainingCache(
    join(root, 'data', 'datasets', studio.datasets.queries.storage(datasetId)!.storageDir, cacheFileName(SIZE)),
    { channels: 3 },
  )
  const positions = studio.datasets.queries.cachePositions(datasetId)
  const pixels = new Uint8Array(left.length * PER)
  left.forEach((imageId, k) =>
    pixels.set(cache.pixels.subarray(positions.get(imageId)! * PER, (positions.get(imageId)! + 1) * PER), k * PER),
  )
  heldOut = { count: left.length, size: SIZE, channels: 3, pixels }
}, 120_000)
afterAll(() => {
  studio.close()
  rmSync(root, { recursive: true, force: true })
})
afterEach(() => vi.restoreAllMocks())

/** 64 faces cycling through `set`'s images. */
const facesFrom = (set: Dataset) => new Uint8Array(64 * PER).map((_, i) => set.pixels[i % set.pixels.length]!)
/** The "generator": every preview grid after step 0 is `faces(trainer)` (step 0 stays the real one). */
function generatorMakes(faces: (trainer: Trainer) => Uint8Array) {
  const real = Trainer.prototype.generateFixed
  vi.spyOn(Trainer.prototype, 'generateFixed').mockImplementation(function (this: Trainer) {
    return this.stepsDone === 0 ? real.call(this) : Promise.resolve(faces(this))
  })
}
const trainingImagesOf = (trainer: Trainer) => (trainer as unknown as { dataset: Dataset }).dataset

async function train(epochs: number, hyperparameters: { batchSize?: number } = {}) {
  const run = studio.runs.create({
    datasetId,
    preset: 'quick',
    epochs,
    seed: 5,
    hyperparameters: { augment: 'off', ...hyperparameters },
  })
  const done = await studio.runs.whenDone(run.id)
  expect(done.status).toBe('finished')
  return done
}

describe('training health through the session, the supervisor and the database', () => {
  it('says nothing about a healthy run: new, varied faces and a balanced discriminator', async () => {
    generatorMakes(() => facesFrom(heldOut))
    const run = await train(2)
    expect(run.health).toEqual([])
    // each face was still measured against the training photos
    const closest = studio.runs.closestPhoto(run.id, 2, 3)
    expect(closest).toMatchObject({
      faceMediaId: expect.stringMatching(/^sample-\d+$/),
      photoMediaId: expect.stringMatching(/^thumb-\d+$/),
    })
    expect(closest!.distance).toBeGreaterThan(0.02)
  }, 120_000)

  it('reports collapse for a generator forced to one output, with its evidence, also in `runs --json`', async () => {
    generatorMakes(() => new Uint8Array(64 * PER).fill(140))
    const run = await train(2)
    expect(run.health).toEqual([
      expect.objectContaining({
        kind: 'collapse',
        since: 1,
        evidence: expect.stringMatching(
          /^The preview faces differ from each other by 0\.000 on average, real photos by 0\.\d+/,
        ),
      }),
    ])
    expect(run.health[0]!.advice).toMatch(/lower learning rate/)
    const { code, output } = await runCliJson(['runs', '--data-dir', join(root, 'data')])
    expect(code).toBe(0)
    const listed = (output as unknown as { id: number; health: unknown[] }[]).find((entry) => entry.id === run.id)
    expect(listed!.health).toEqual([
      { kind: 'collapse', since: 1, evidence: run.health[0]!.evidence, advice: run.health[0]!.advice },
    ])
  }, 120_000)

  it('reports memorisation for a "generator" that returns training photos, and shows each face\'s closest photo', async () => {
    generatorMakes((trainer) => facesFrom(trainingImagesOf(trainer)))
    const run = await train(1)
    expect(run.health.map((item) => item.kind)).toEqual(['memorisation'])
    expect(run.health[0]!.evidence).toMatch(/^64 of 64 preview faces are closer to a training photo \(nearest 0\.000\)/)
    const planned = (studio.runs.queries.plan(run.id) as { imageIds: number[] }).imageIds
    const closest = studio.runs.closestPhoto(run.id, 1, 2)
    expect(closest).toEqual({
      faceMediaId: expect.stringMatching(/^sample-\d+$/),
      photoMediaId: `thumb-${planned[2]}`,
      distance: 0,
    })
    expect(studio.media.resolve(closest!.photoMediaId!)).toBeDefined()
    // step 0's faces are not measured: an untrained generator says nothing
    expect(studio.runs.closestPhoto(run.id, 0, 2)).toBeNull()
  }, 120_000)

  it('reports that the discriminator has won when D(x) and D(G(z)) stay pinned for 200 steps', async () => {
    generatorMakes(() => facesFrom(heldOut))
    const step = Trainer.prototype.step
    vi.spyOn(Trainer.prototype, 'step').mockImplementation(async function (this: Trainer) {
      const result = await step.call(this)
      return { ...result, metrics: { ...result.metrics, dReal: 0.99, dFake: 0.004, gLoss: 5.5 } }
    })
    // 32 photos, batches of 4: 8 steps an epoch, 25 epochs
    const run = await train(26, { batchSize: 4 })
    expect(run.health).toEqual([expect.objectContaining({ kind: 'discriminator-won' })])
    expect(run.health[0]!.evidence).toMatch(
      /^On 100% of the last 200 steps the discriminator was sure .* the generator's loss averages 5\.50/,
    )
  }, 300_000)

  it('drops the findings of epochs a resume from an earlier checkpoint discards, with their faces', () => {
    const runId = studio.runs.list().find((run) => run.health.length > 0)!.id
    const { queries } = studio.runs
    queries.setHealth(runId, 4, [{ kind: 'overfitting', since: 4, evidence: 'e', advice: 'a' }])
    queries.rewind(runId, { epoch: 4, step: 0 })
    expect(studio.runs.get(runId).health.map((item) => item.kind)).toEqual(['overfitting'])
    queries.rewind(runId, { epoch: 3, step: 0 })
    expect(studio.runs.get(runId).health).toEqual([])
  })
})
