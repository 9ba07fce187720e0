import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import sharp from 'sharp'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { readCheckpoint, writeCheckpoint } from '../engine/checkpoint'
import { preset, type TrainConfig } from '../engine/presets'
import * as tf from '../engine/tf'
import { Trainer } from '../engine/trainer'
import { TrainingPlan } from '../engine/training-plan'
import { writeTrainingCache } from '../services/datasets/training-cache'
import type { TrainingReport } from '../services/training-protocol'
import { TrainingSession, type SessionFiles, type SessionOptions } from './training-session'

const ALL_IMAGES = Array.from({ length: 16 }, (_, index) => index)
const root = mkdtempSync(join(tmpdir(), 'studio-session-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

async function tinyCache(count = 16): Promise<string> {
  const pixels = new Uint8Array(count * 32 * 32 * 3).map((_, index) => (index * 31) % 256)
  const path = join(root, `cache-32-${count}.bin`)
  await writeTrainingCache(path, { count, size: 32, channels: 3, pixels })
  return path
}

/** A session on the 16-image cache, on cpu, reporting into `reports`. */
async function session(
  name: string,
  config: TrainConfig,
  epochs: number,
  reports: TrainingReport[],
  resumeFrom: string | null = null,
  options: SessionOptions = {},
) {
  return new TrainingSession(
    {
      type: 'start',
      runId: 1,
      config,
      backend: 'cpu',
      plan: TrainingPlan.of(config, ALL_IMAGES, epochs).json,
      cachePath: await tinyCache(),
      positions: ALL_IMAGES,
      samplesDir: join(root, name, 'samples'),
      checkpointsDir: join(root, name, 'checkpoints'),
      resumeFrom,
    },
    (report) => reports.push(report),
    {},
    options,
  )
}

/** Runs `before(trainer, call)` ahead of every real training step (call counts from 1). */
function beforeEachStep(before: (trainer: Trainer, call: number) => void) {
  const step = Trainer.prototype.step
  let calls = 0
  vi.spyOn(Trainer.prototype, 'step').mockImplementation(function (this: Trainer) {
    before(this, ++calls)
    return step.call(this)
  })
}

const stepBatches = (reports: TrainingReport[]) =>
  reports.flatMap((report) => (report.type === 'steps' ? [report.steps.map((step) => step.step)] : []))

describe('TrainingSession', () => {
  it('sends steps in batches: one message a second (and at each epoch end), not one per step', async () => {
    // A frozen clock, advanced a second just before step 3: the only time-based flush comes after it.
    vi.useFakeTimers({ toFake: ['performance'] })
    beforeEachStep((_trainer, call) => call === 3 && vi.advanceTimersByTime(1000))
    const reports: TrainingReport[] = []
    await (await session('batches', { ...preset('quick'), batchSize: 2, seed: 1 }, 1, reports)).run()
    expect(stepBatches(reports)).toEqual([
      [1, 2, 3],
      [4, 5, 6, 7, 8],
    ])
    expect(reports.at(-1)).toEqual({ type: 'finished' })
  })

  it('reports a resume that arrives within the same step as its pause, so the run never looks paused while it trains', async () => {
    const reports: TrainingReport[] = []
    const run = await session('pause-resume', { ...preset('quick'), batchSize: 4, seed: 2 }, 1, reports)
    beforeEachStep((_trainer, call) => {
      if (call !== 2) return
      run.pause()
      run.resume()
    })
    await run.run()
    const controls = reports
      .filter((report) => report.type === 'paused' || report.type === 'resumed')
      .map((report) => report.type)
    expect(controls).toEqual(['paused', 'resumed'])
    expect(reports.at(-1)).toEqual({ type: 'finished' })
    expect(stepBatches(reports).flat()).toEqual([1, 2, 3, 4])
  })

  it('stops a run within the step whose weights went NaN, saves nothing after it, and resumes from the last checkpoint at a lower learning rate', async () => {
    const config = { ...preset('quick'), batchSize: 8, seed: 3 }
    beforeEachStep((trainer, call) => {
      const weights = trainer.d.params[0]!.v
      if (call === 4) weights.assign(tf.fill(weights.shape, NaN))
    })
    const reports: TrainingReport[] = []
    await (await session('nan', config, 3, reports)).run()
    expect(reports.at(-1)).toEqual({
      type: 'failed',
      reason: expect.stringMatching(
        /loss is NaN at step 4\. Nothing non-finite was saved: resume from the last checkpoint with a lower learning rate\.$/,
      ),
    })
    expect(stepBatches(reports).flat()).toEqual([1, 2, 3])
    const checkpoints = reports.flatMap((report) => (report.type === 'checkpoint' ? [report] : []))
    expect(checkpoints.map((report) => report.step)).toEqual([2])
    vi.restoreAllMocks()

    const resumed: TrainingReport[] = []
    const lowerRate = { ...config, optimizer: { ...config.optimizer, lr: 5e-5 } }
    await (await session('nan', lowerRate, 3, resumed, checkpoints[0]!.folder)).run()
    expect(resumed.at(-1)).toEqual({ type: 'finished' })
    expect(stepBatches(resumed).flat()).toEqual([3, 4, 5, 6])
    const last = await readCheckpoint(
      resumed.flatMap((report) => (report.type === 'checkpoint' ? [report.folder] : [])).at(-1)!,
    )
    expect(last).toMatchObject({ step: 6, config: { optimizer: { lr: 5e-5 } } })
    expect(last.tensors.every((tensor) => tensor.data.every(Number.isFinite))).toBe(true)
  }, 180_000)

  it('resumed from epoch 1 with EMA and augmentation on, ends with the weights, EMA, augmentation state and faces of the run that trained straight', async () => {
    const config: TrainConfig = {
      ...preset('quick'),
      baseChannels: 4,
      zDim: 8,
      batchSize: 4,
      seed: 9,
      augment: 'fixed',
      augmentP: 0.5,
    }
    const checkpointsOf = (reports: TrainingReport[]) =>
      reports.flatMap((report) => (report.type === 'checkpoint' ? [report] : []))
    const lastFaces = (reports: TrainingReport[]) => {
      const faces = reports.findLast((report) => report.type === 'samples') as Extract<
        TrainingReport,
        { type: 'samples' }
      >
      return Promise.all(faces.files.map(async (file) => new Uint8Array(await sharp(file).raw().toBuffer())))
    }
    const straight: TrainingReport[] = []
    await (await session('exact-straight', config, 2, straight)).run()
    const [afterOne, afterTwo] = checkpointsOf(straight)
    const resumed: TrainingReport[] = []
    await (await session('exact-resumed', config, 2, resumed, afterOne!.folder)).run()
    expect(resumed.at(-1)).toEqual({ type: 'finished' })
    expect(stepBatches(resumed).flat()).toEqual([5, 6, 7, 8])
    const [a, b] = [await readCheckpoint(afterTwo!.folder), await readCheckpoint(checkpointsOf(resumed).at(-1)!.folder)]
    expect(b.step).toBe(a.step)
    expect(b.augment).toEqual(a.augment)
    expect(b.rng).toEqual(a.rng)
    expect(b.tensors.map((tensor) => tensor.name)).toEqual(a.tensors.map((tensor) => tensor.name))
    expect(a.tensors.some((tensor) => tensor.name.startsWith('ema/'))).toBe(true)
    const worst = Math.max(
      ...a.tensors.map((tensor, index) =>
        Math.max(...tensor.data.map((value, at) => Math.abs(value - b.tensors[index]!.data[at]!))),
      ),
    )
    expect(worst).toBeLessThanOrEqual(1e-5)
    // the last faces (drawn by the EMA) at most a rounding step apart
    const [straightFaces, resumedFaces] = [await lastFaces(straight), await lastFaces(resumed)]
    expect(resumedFaces).toHaveLength(straightFaces.length)
    expect(
      Math.max(
        ...straightFaces.map((face, index) =>
          Math.max(...face.map((value, at) => Math.abs(value - resumedFaces[index]![at]!))),
        ),
      ),
    ).toBeLessThanOrEqual(1)
  }, 180_000)

  it('scores each due epoch after its checkpoint, the same figures for the same run, and always the last epoch', async () => {
    const config = { ...preset('quick'), baseChannels: 4, zDim: 8, batchSize: 8, seed: 9 }
    const scored = (reports: TrainingReport[]) => reports.filter((report) => report.type === 'quality')
    const everyEpoch: TrainingReport[] = []
    await (await session('scored', config, 3, everyEpoch, null, { swdBudget: Number.POSITIVE_INFINITY })).run()
    expect(scored(everyEpoch).map((report) => [report.epoch, report.step])).toEqual([
      [1, 2],
      [2, 4],
      [3, 6],
    ])
    for (const report of scored(everyEpoch)) {
      const before = everyEpoch[everyEpoch.indexOf(report) - 1]
      expect(before).toMatchObject({ type: 'checkpoint', epoch: report.epoch })
      expect(report.swd).toBeGreaterThan(0)
    }
    // Evaluating far over budget: the first epoch, then only the last.
    const overBudget: TrainingReport[] = []
    await (await session('scored-rarely', config, 3, overBudget, null, { swdBudget: 1e-9 })).run()
    expect(scored(overBudget)).toEqual([scored(everyEpoch)[0], scored(everyEpoch)[2]])
  }, 180_000)

  it('trains a WGAN run on its plan: 60 images, batch 10, n_critic 4, 4 epochs is 4 steps, 4 checkpoints and 5 face sets', async () => {
    const config = {
      ...preset('quick'),
      baseChannels: 4,
      zDim: 8,
      loss: 'wgan' as const,
      optimizer: { kind: 'rmsprop' as const, lr: 5e-5, alpha: 0.99, eps: 1e-8 },
      batchSize: 10,
      nCritic: 4,
      seed: 6,
    }
    const images = Array.from({ length: 60 }, (_, index) => index)
    const plan = TrainingPlan.of(config, images, 4)
    const reports: TrainingReport[] = []
    const run = new TrainingSession(
      {
        type: 'start',
        runId: 1,
        config,
        backend: 'cpu',
        plan: plan.json,
        cachePath: await tinyCache(60),
        positions: images,
        samplesDir: join(root, 'wgan', 'samples'),
        checkpointsDir: join(root, 'wgan', 'checkpoints'),
        resumeFrom: null,
      },
      (report) => reports.push(report),
    )
    await run.run()
    expect(reports.find((report) => report.type === 'started')).toMatchObject({ stepsPerEpoch: 1, step: 0, epoch: 0 })
    expect(stepBatches(reports).flat()).toEqual([1, 2, 3, 4])
    const checkpoints = reports.flatMap((report) => (report.type === 'checkpoint' ? [[report.epoch, report.step]] : []))
    expect(checkpoints).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ])
    expect(reports.flatMap((report) => (report.type === 'samples' ? [report.epoch] : []))).toEqual([0, 1, 2, 3, 4])
    expect(reports.at(-1)).toEqual({ type: 'finished' })
  }, 180_000)

  it('pauses with a clear reason when the disk fills during a checkpoint, keeping the previous one intact, and writes it once resumed', async () => {
    const checkpointsDir = join(root, 'checkpoints')
    let writes = 0
    const fullOnSecondWrite: typeof writeCheckpoint = async (dir, snapshot) => {
      writes++
      if (writes === 2) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
      return writeCheckpoint(dir, snapshot)
    }
    const reports: TrainingReport[] = []
    const config = { ...preset('quick'), batchSize: 8, seed: 5 }
    const session = new TrainingSession(
      {
        type: 'start',
        runId: 1,
        config,
        backend: 'cpu',
        plan: TrainingPlan.of(config, ALL_IMAGES, 3).json,
        cachePath: await tinyCache(),
        positions: ALL_IMAGES,
        samplesDir: join(root, 'samples'),
        checkpointsDir,
        resumeFrom: null,
      },
      (report) => {
        reports.push(report)
        if (report.type === 'paused') setTimeout(() => session.resume(), 10)
      },
      { writeCheckpoint: fullOnSecondWrite },
    )
    await session.run()

    const paused = reports.find((report) => report.type === 'paused')
    expect(paused).toEqual({ type: 'paused', reason: expect.stringMatching(/disk is full.*previous one is intact/) })
    const checkpoints = reports.filter((report) => report.type === 'checkpoint')
    expect(checkpoints.map((report) => report.step)).toEqual([2, 4, 6])
    expect((await readCheckpoint(checkpoints[0]!.folder)).step).toBe(2)
    expect(reports.at(-1)).toEqual({ type: 'finished' })
    const sampleEpochs = reports.flatMap((report) => (report.type === 'samples' ? [report.epoch] : []))
    expect(sampleEpochs).toEqual([0, 1, 2, 3])
  }, 300_000)

  it('pauses, never fails, when the disk fills while the faces are written, and writes them and the checkpoint once resumed', async () => {
    let faces = 0
    const fullDuringEpochOne: SessionFiles['writeFace'] = async (file, pixels, raw) => {
      faces++
      if (faces === 70)
        throw Object.assign(new Error(`ENOSPC: no space left on device, open '${file}'`), { code: 'ENOSPC' })
      return sharp(pixels, { raw }).png().toFile(file)
    }
    const reports: TrainingReport[] = []
    const stepsAtPause: number[] = []
    const config = { ...preset('quick'), batchSize: 8, seed: 6 }
    const run = new TrainingSession(
      {
        type: 'start',
        runId: 1,
        config,
        backend: 'cpu',
        plan: TrainingPlan.of(config, ALL_IMAGES, 2).json,
        cachePath: await tinyCache(),
        positions: ALL_IMAGES,
        samplesDir: join(root, 'faces-full', 'samples'),
        checkpointsDir: join(root, 'faces-full', 'checkpoints'),
        resumeFrom: null,
      },
      (report) => {
        reports.push(report)
        if (report.type !== 'paused') return
        stepsAtPause.push(stepBatches(reports).flat().at(-1)!)
        setTimeout(() => run.resume(), 10)
      },
      { writeFace: fullDuringEpochOne },
    )
    await run.run()

    const paused = reports.filter((report) => report.type === 'paused')
    expect(paused).toEqual([
      {
        type: 'paused',
        reason:
          'The disk is full, so the faces of epoch 1 could not be written; training waits for them. Free some space, then resume.',
      },
    ])
    expect(stepsAtPause).toEqual([2])
    expect(reports.some((report) => report.type === 'failed')).toBe(false)
    expect(reports.flatMap((report) => (report.type === 'samples' ? [report.epoch] : []))).toEqual([0, 1, 2])
    expect(reports.flatMap((report) => (report.type === 'checkpoint' ? [report.step] : []))).toEqual([2, 4])
    expect(stepBatches(reports).flat()).toEqual([1, 2, 3, 4])
    const epochOne = reports.find((report) => report.type === 'samples' && report.epoch === 1)
    expect(epochOne?.type === 'samples' && epochOne.files.every((file) => existsSync(file))).toBe(true)
    expect(reports.at(-1)).toEqual({ type: 'finished' })
  }, 300_000)
})
