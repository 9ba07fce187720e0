import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StudioError } from '../../src-shared/contract/errors'
import { readCheckpoint } from '../engine/checkpoint'
import { writeDemoFaces } from './datasets/demo-faces'
import { cacheFileName } from './datasets/training-cache'
import { Studio } from './studio'
import type { SpawnTrainingProcess, TrainingProcess } from './training-process'
import { spawnNodeTrainingProcess } from './training-process'

let root: string
let studio: Studio
let datasetId: number
const workers: TrainingProcess[] = []
let activeWorkers = 0
let mostActiveWorkers = 0
const spawnAndRemember: SpawnTrainingProcess = () => {
  const worker = spawnNodeTrainingProcess()
  workers.push(worker)
  mostActiveWorkers = Math.max(mostActiveWorkers, ++activeWorkers)
  worker.onExit(() => activeWorkers--)
  return worker
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'studio-runs-'))
  studio = new Studio({
    dataDir: join(root, 'data'),
    mode: 'browser',
    probeBackends: async () => ({ backend: 'cpu', device: 'test', unavailable: [], versions: {} }),
    spawnTrainingProcess: spawnAndRemember,
  })
  await writeDemoFaces(join(root, 'faces'), { count: 48, seed: 3 })
  const imported = await studio.datasets.runImport({
    sourcePath: join(root, 'faces'),
    sourceLabel: 'faces',
    name: 'Faces',
    sizes: [32],
  })
  datasetId = imported.datasetId!
})
afterAll(() => {
  studio.close()
  rmSync(root, { recursive: true, force: true })
})

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const stepsOf = (runId: number) =>
  studio.db.prepare(`SELECT step FROM steps WHERE run_id = ? ORDER BY step`).pluck().all(runId) as number[]

describe('RunService', () => {
  it('trains a quick run to the end: batched steps, every epoch of faces, a checkpoint per epoch', async () => {
    const run = studio.runs.create({ datasetId, preset: 'quick', epochs: 2, seed: 7 })
    expect(run.status).toBe('running')
    const done = await studio.runs.whenDone(run.id)
    expect(done).toMatchObject({ status: 'finished', epoch: 2, epochs: 2, stepsPerEpoch: 3, step: 6 })
    expect(stepsOf(run.id)).toEqual([1, 2, 3, 4, 5, 6])
    const epochs = studio.db
      .prepare(`SELECT epoch, count(*) AS cells FROM samples WHERE run_id = ? GROUP BY epoch`)
      .all(run.id)
    expect(epochs).toEqual([
      { epoch: 0, cells: 64 },
      { epoch: 1, cells: 64 },
      { epoch: 2, cells: 64 },
    ])
    expect(studio.runs.queries.latestCheckpoint(run.id)).toMatchObject({ epoch: 2, step: 6 })
    // the first epoch is always scored, and the last
    const quality = studio.runs.quality(run.id)
    expect(quality.map(({ epoch, step }) => [epoch, step])).toEqual([
      [1, 3],
      [2, 6],
    ])
    const best = quality.reduce((a, b) => (b.swd < a.swd ? b : a))
    expect(done).toMatchObject({ swd: quality[1]!.swd, bestEpoch: best.epoch, bestSwd: best.swd })
    expect(studio.media.resolve(done.coverMediaId!)).toBeDefined()
    const detail = studio.runs.detail(run.id)
    expect(detail).toMatchObject({
      seed: 7,
      backend: expect.stringMatching(/^(tensorflow|webgpu|wasm|cpu)$/),
      device: expect.any(String),
    })
    expect(detail.versions).toMatchObject({ 'tfjs-core': expect.any(String) })
  })

  it('keeps a checkpoint the user marked when newer ones prune the rest, and says when there is no such checkpoint', async () => {
    const run = studio.runs.create({ datasetId, preset: 'quick', epochs: 12, seed: 17 })
    const before = studio.runs.get(run.id).step
    await until(() => studio.runs.get(run.id).step > before)
    studio.runs.stop(run.id)
    await studio.runs.whenDone(run.id)
    const [marked] = studio.runs.detail(run.id).checkpoints
    expect(studio.runs.keepCheckpoint(run.id, marked!.id, true)).toEqual({ ...marked, kept: true })
    expect(() => studio.runs.keepCheckpoint(run.id, 99_999, true)).toThrow(/Run \d+ has no checkpoint 99999/)

    studio.runs.resume(run.id)
    expect(await studio.runs.whenDone(run.id)).toMatchObject({ status: 'finished', epoch: 12 })
    const kept = studio.runs.detail(run.id).checkpoints
    expect(kept.map((checkpoint) => checkpoint.epoch)).toEqual([marked!.epoch, 10, 11, 12])
    expect(kept.map((checkpoint) => checkpoint.kept)).toEqual([true, false, false, false])
    expect((await readCheckpoint(studio.runs.queries.checkpoints(run.id)[0]!.folder)).step).toBe(marked!.step)
  })

  it('shows a run whose owner process died, or went silent, as interrupted; a live owner with a fresh heartbeat stays running', () => {
    const exited = spawnSync(process.execPath, ['-e', '']).pid
    const liveRun = (ownerPid: number, heartbeatAt: number) => {
      const runId = studio.runs.queries.insert({
        name: 'elsewhere',
        datasetId,
        preset: 'quick',
        config: {},
        seed: 1,
        epochs: 1,
        notes: '',
        tags: [],
      })
      studio.db
        .prepare(`UPDATE runs SET status = 'running', owner_pid = ?, heartbeat_at = ? WHERE id = ?`)
        .run(ownerPid, heartbeatAt, runId)
      return runId
    }
    const deadOwner = liveRun(exited, Date.now())
    const silentOwner = liveRun(process.ppid, Date.now() - 10 * 60_000)
    const healthy = liveRun(process.ppid, Date.now())
    const statusOf = (runId: number) => studio.runs.list().find((run) => run.id === runId)!.status
    expect([statusOf(deadOwner), statusOf(silentOwner), statusOf(healthy)]).toEqual([
      'interrupted',
      'interrupted',
      'running',
    ])
    expect(studio.runs.get(deadOwner).statusReason).toMatch(
      /ended unexpectedly; resume continues from the last checkpoint/,
    )
    studio.runs.queries.setStatus(healthy, 'stopped')
    for (const runId of [deadOwner, silentOwner, healthy]) studio.runs.delete(runId)
  })

  it('estimates time per epoch, memory and disk from a few real steps before a run', async () => {
    const estimate = await studio.runs.preflight({ datasetId, preset: 'quick', epochs: 10 })
    expect(estimate.stepsPerEpoch).toBe(3)
    expect(estimate.msPerStep).toBeGreaterThan(0)
    // an epoch ends with its faces and a checkpoint, and a run starts once: both are measured, not left out
    expect(estimate.epochEndSeconds).toBeGreaterThan(0)
    expect(estimate.secondsPerEpoch).toBeCloseTo((estimate.msPerStep * 3) / 1000 + estimate.epochEndSeconds, 6)
    expect(estimate.startupSeconds).toBeGreaterThan(0)
    expect(estimate.totalSeconds).toBeCloseTo(estimate.startupSeconds + estimate.secondsPerEpoch * 10, 6)
    expect(estimate.peakMemoryBytes).toBeGreaterThan(10 * 2 ** 20)
    expect(estimate.diskBytes).toBeGreaterThan(0)
  }, 180_000)

  it('runs pre-flights one at a time, and reuses a measurement for the same plan with other epochs or seed', async () => {
    const spawnedBefore = workers.length
    mostActiveWorkers = activeWorkers
    const plan = { datasetId, preset: 'quick', epochs: 2 } as const
    const [eight, twelve, eightLonger] = await Promise.all([
      studio.runs.preflight({ ...plan, hyperparameters: { batchSize: 8 } }),
      studio.runs.preflight({ ...plan, hyperparameters: { batchSize: 12 } }),
      studio.runs.preflight({ ...plan, epochs: 20, seed: 3, hyperparameters: { batchSize: 8 } }),
    ])
    expect(workers.length - spawnedBefore).toBe(2)
    expect(mostActiveWorkers).toBe(1)
    expect(eight.stepsPerEpoch).toBe(6)
    expect(twelve.stepsPerEpoch).toBe(4)
    expect(eightLonger.msPerStep).toBe(eight.msPerStep)
    expect(eightLonger.startupSeconds).toBe(eight.startupSeconds)
    expect(eightLonger.totalSeconds).toBeCloseTo(eightLonger.startupSeconds + eightLonger.secondsPerEpoch * 20, 6)
    // both epochs of the short run are scored (SWD); the long run scores some of its 20, so an epoch costs no more
    expect(eightLonger.epochEndSeconds).toBeLessThanOrEqual(eight.epochEndSeconds)
    expect(eightLonger.diskBytes).toBeGreaterThan(eight.diskBytes)
  }, 240_000)

  it("trains a preset with the other loss, taking that loss's optimiser: WGAN on the quick model", async () => {
    const wgan = {
      datasetId,
      preset: 'quick',
      epochs: 2,
      seed: 3,
      hyperparameters: { loss: 'wgan', nCritic: 2 },
    } as const
    // a WGAN step takes n_critic batches: 48 images in batches of 16, two per step, is one step an epoch
    expect((await studio.runs.preflight(wgan)).stepsPerEpoch).toBe(1)
    const run = studio.runs.create(wgan)
    expect(run).toMatchObject({ stepsPerEpoch: 1 })
    const done = await studio.runs.whenDone(run.id)
    expect(done).toMatchObject({ status: 'finished', step: 2, epoch: 2, stepsPerEpoch: 1 })
    expect(studio.runs.detail(run.id).checkpoints.map((checkpoint) => checkpoint.epoch)).toEqual([1, 2])
    expect(studio.runs.detail(run.id).config).toMatchObject({
      loss: 'wgan',
      nCritic: 2,
      realLabel: 1,
      optimizer: { kind: 'rmsprop', lr: 5e-5 },
    })
  })

  it('refuses settings the dataset cannot satisfy, with a specific message', () => {
    expect(() =>
      studio.runs.create({ datasetId, preset: 'quick', epochs: 1, hyperparameters: { batchSize: 500 } }),
    ).toThrow(/batch size 500 is larger than the dataset \(48 images\)/)
    expect(() => studio.runs.create({ datasetId, preset: 'paper-64', epochs: 1 })).toThrow(/imported at 32 px/)
    const issuesOf = (request: Parameters<typeof studio.runs.create>[0]) => {
      try {
        studio.runs.create(request)
      } catch (error) {
        return (error as StudioError).issues
      }
    }
    // each on the request's field it is about, for the New run form
    expect(
      issuesOf({ datasetId, preset: 'quick', epochs: 1, hyperparameters: { batchSize: 500 } })?.map(
        (issue) => issue.path,
      ),
    ).toEqual([['hyperparameters', 'batchSize']])
    expect(
      issuesOf({ datasetId, preset: 'quick', epochs: 1, hyperparameters: { learningRate: 2 } })?.map(
        (issue) => issue.path,
      ),
    ).toEqual([['hyperparameters', 'learningRate']])
    expect(issuesOf({ datasetId, preset: 'paper-64', epochs: 1 })?.map((issue) => issue.path)).toEqual([['datasetId']])
  })

  it('trains a finished run 2 more epochs: the new total, steps contiguous, faces and checkpoints kept and continued', async () => {
    const run = studio.runs.create({ datasetId, preset: 'quick', epochs: 2, seed: 11 })
    await studio.runs.whenDone(run.id)
    const firstFaces = studio.db.prepare(`SELECT file FROM samples WHERE run_id = ?`).pluck().all(run.id) as string[]
    expect(() => studio.runs.resume(run.id, { epochs: 2 })).toThrow(
      /has trained 2 epochs already: give a total above 2/,
    )
    expect(studio.runs.get(run.id)).toMatchObject({ status: 'finished', epochs: 2 })

    // the new total is written once the worker has checked the checkpoint, like everything a resume changes
    expect(studio.runs.resume(run.id, { epochs: 4 })).toMatchObject({ status: 'running', epoch: 2, step: 6 })
    const done = await studio.runs.whenDone(run.id)
    expect(done).toMatchObject({ status: 'finished', epoch: 4, epochs: 4, step: 12 })
    expect(stepsOf(run.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(firstFaces.every((file) => existsSync(file))).toBe(true)
    const faces = studio.db
      .prepare(`SELECT epoch, count(*) AS cells FROM samples WHERE run_id = ? GROUP BY epoch`)
      .all(run.id)
    expect(faces).toEqual([0, 1, 2, 3, 4].map((epoch) => ({ epoch, cells: 64 })))
    expect(
      studio.runs
        .detail(run.id)
        .checkpoints.map((checkpoint) => checkpoint.epoch)
        .at(-1),
    ).toBe(4)
  })

  it('resumes only after checking: a corrupt checkpoint or a missing cache leaves the run as it was; from an earlier checkpoint, on its own images after one was excluded, what came after is discarded and trained again', async () => {
    const run = studio.runs.create({ datasetId, preset: 'quick', epochs: 3, seed: 5 })
    await studio.runs.whenDone(run.id)
    const checkpoints = studio.runs.detail(run.id).checkpoints
    expect(checkpoints.map((checkpoint) => checkpoint.epoch)).toEqual([1, 2, 3])
    const [first, middle, last] = checkpoints
    const laterFiles = studio.db
      .prepare(`SELECT file FROM samples WHERE run_id = ? AND epoch > 1`)
      .pluck()
      .all(run.id) as string[]
    const laterFolders = studio.db
      .prepare(`SELECT folder FROM checkpoints WHERE run_id = ? AND epoch > 1`)
      .pluck()
      .all(run.id) as string[]
    expect(() => studio.runs.resume(run.id, { checkpointId: last!.id })).toThrow(/nothing left to train/)
    expect(() => studio.runs.resume(run.id, { checkpointId: 99_999 })).toThrow(/has no checkpoint 99999/)

    // resume checks, then acts: with the chosen checkpoint corrupt, or the dataset cache gone, it is refused with what
    // to do, and the run is left exactly as it was
    const asItWas = {
      summary: studio.runs.get(run.id),
      steps: stepsOf(run.id),
      checkpoints: studio.runs.detail(run.id).checkpoints,
      quality: studio.runs.quality(run.id),
    }
    expect(asItWas.quality.map((scored) => scored.epoch)).toContain(3)
    const leftAsItWas = async (reason: RegExp) => {
      const refused = await studio.runs.whenDone(run.id)
      expect(refused).toMatchObject({ ...asItWas.summary, statusReason: expect.stringMatching(reason) })
      expect(stepsOf(run.id)).toEqual(asItWas.steps)
      expect(studio.runs.detail(run.id).checkpoints).toEqual(asItWas.checkpoints)
      expect(studio.runs.quality(run.id)).toEqual(asItWas.quality)
      expect([...laterFiles, ...laterFolders].filter((path) => !existsSync(path))).toEqual([])
    }
    const tensors = join(studio.runs.queries.checkpoints(run.id)[1]!.folder, 'tensors.bin')
    const intact = readFileSync(tensors)
    writeFileSync(
      tensors,
      intact.map((byte, index) => (index === 100 ? byte ^ 0xff : byte)),
    )
    studio.runs.resume(run.id, { checkpointId: middle!.id })
    await leftAsItWas(
      /tensors\.bin does not match its sha256 \(corrupt\)\. Resume from an earlier checkpoint instead \(`dcgan-studio resume <run> --from-epoch N`/,
    )
    writeFileSync(tensors, intact)
    const cache = join(
      root,
      'data',
      'datasets',
      studio.datasets.queries.storage(datasetId)!.storageDir,
      cacheFileName(32),
    )
    renameSync(cache, `${cache}.away`)
    studio.runs.resume(run.id, { checkpointId: first!.id, learningRate: 1e-4 })
    await leftAsItWas(/training cache of 32×32 images is missing .*Import the dataset again at 32 px/)
    expect(studio.runs.detail(run.id)).toMatchObject({ segments: [], config: { optimizer: { lr: 2e-4 } } })
    renameSync(`${cache}.away`, cache)

    // excluding an image afterwards changes new runs, not this one
    const [excluded] = studio.datasets.queries.includedImageIds(datasetId)
    studio.datasets.setExcluded(datasetId, [excluded!], true)
    expect(studio.runs.detail(run.id)).toMatchObject({ imageCount: 48, datasetChanged: true })
    expect(
      studio.runs.resume(run.id, { checkpointId: first!.id, learningRate: 1e-4, dLearningRate: 3e-4 }),
    ).toMatchObject({ status: 'running' })
    await until(() => studio.runs.get(run.id).epoch === 1)
    // the scores of the discarded epochs go with their faces
    expect(studio.runs.quality(run.id)).toEqual(asItWas.quality.filter((scored) => scored.epoch <= 1))
    expect(laterFiles.filter((file) => existsSync(file))).toEqual([])
    expect(laterFolders.filter((folder) => existsSync(folder))).toEqual([])
    const done = await studio.runs.whenDone(run.id)
    expect(done).toMatchObject({ status: 'finished', epoch: 3, step: 9 })
    expect(stepsOf(run.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    const faces = studio.db
      .prepare(`SELECT epoch, count(*) AS cells FROM samples WHERE run_id = ? GROUP BY epoch`)
      .all(run.id)
    expect(faces).toEqual([0, 1, 2, 3].map((epoch) => ({ epoch, cells: 64 })))
    expect(studio.runs.detail(run.id).checkpoints.map((checkpoint) => checkpoint.epoch)).toEqual([1, 2, 3])
    // the new learning rates are history from step 3 on (`runs --json` lists it too); the run's config and its
    // hyperparameters are what it started with (D's rate, never set, reads as G's)
    const segments = [{ fromStep: 3, changes: { learningRate: 1e-4, dLearningRate: 3e-4 } }]
    expect(studio.runs.detail(run.id)).toMatchObject({ segments, config: { optimizer: { lr: 2e-4 } } })
    expect(studio.runs.detail(run.id).config.optimizer).not.toHaveProperty('dLr')
    const listed = studio.runs.list().find((summary) => summary.id === run.id)!
    expect(listed.segments).toEqual(segments)
    expect(listed.hyperparameters).toMatchObject({ learningRate: 2e-4, dLearningRate: 2e-4 })
    expect((await readCheckpoint(studio.runs.queries.latestCheckpoint(run.id)!.folder)).config.optimizer).toMatchObject(
      { lr: 1e-4, dLr: 3e-4 },
    )
    studio.datasets.setExcluded(datasetId, [excluded!], false)
    expect(studio.runs.detail(run.id)).toMatchObject({ imageCount: 48, datasetChanged: false })
  }, 300_000)

  it('survives its worker being killed 20 times at random moments: interrupted each time, resumed from the last complete checkpoint', async () => {
    const run = studio.runs.create({ datasetId, preset: 'quick', epochs: 1000, seed: 11 })
    let highest = 0
    for (let kill = 0; kill < 20; kill++) {
      // let it train past its last recorded step, then kill it somewhere in a step, a checkpoint or a database write
      const before = studio.runs.get(run.id).step
      await until(() => studio.runs.get(run.id).step > before)
      await new Promise((resolve) => setTimeout(resolve, (kill * 397) % 700))
      expect(studio.runs.get(run.id).status).toBe('running')
      workers.at(-1)!.kill()
      highest = Math.max(highest, studio.runs.get(run.id).step)
      const after = await studio.runs.whenDone(run.id)
      expect(after.status).toBe('interrupted')
      const checkpoint = studio.runs.queries.latestCheckpoint(run.id)
      if (checkpoint) {
        const snapshot = await readCheckpoint(checkpoint.folder)
        expect(snapshot.step).toBe(checkpoint.step)
      }
      studio.runs.resume(run.id)
    }
    // however much each kill threw away, the resumed run trains on past the furthest step it ever reached
    await until(() => studio.runs.get(run.id).step > highest)
    studio.runs.stop(run.id)
    const final = await studio.runs.whenDone(run.id)
    expect(final.status).toBe('stopped')
    expect((await readCheckpoint(studio.runs.queries.latestCheckpoint(run.id)!.folder)).step).toBe(final.step)
    expect(final.step).toBeGreaterThan(highest)
    expect(stepsOf(run.id)).toEqual(Array.from({ length: final.step }, (_, index) => index + 1))
  }, 400_000)
})
