import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { initBackend } from '../engine/backends'
import { writeCheckpoint } from '../engine/checkpoint'
import { EpochSwd } from '../engine/epoch-swd'
import { Trainer } from '../engine/trainer'
import { TrainingPlan } from '../engine/training-plan'
import { loadDataset } from './load-dataset'
import type { TrainingCommand, TrainingReport } from '../services/training-protocol'

type PreflightCommand = Extract<TrainingCommand, { type: 'preflight' }>

/** The settled steps (the later half of those taken) must add up to this much time, so that their median is not one step's noise. */
const SETTLED_MS = 1000
/** Slow steps: once this much time has been measured (and at least MIN_STEPS steps), more would only keep the user waiting. */
const MEASURE_BUDGET_MS = 8000
const MIN_STEPS = 4

/**
 * A few real steps of the planned run (a step as the plan counts it: WGAN's includes its critic updates), to tell the user before a long run what an epoch will take,
 * how much memory training needs and how much disk its checkpoints and samples will use.
 *
 * The first steps of a fresh process run 2–5× slower than the rest (kernels compiled, the wasm heap grown,
 * XNNPACK operators made for each shape), and small models keep speeding up for 10–15 steps: only the later half
 * of the steps taken counts, and its median is taken (one descheduled step on a busy machine does not skew it).
 * An epoch also ends with preview faces and a checkpoint, and some epochs with a quality score (SWD): those are timed
 * too, by making them, as the run will.
 */
export async function preflight(command: PreflightCommand): Promise<Extract<TrainingReport, { type: 'preflight' }>> {
  const device = await initBackend(command.backend)
  const dataset = await loadDataset(command.cachePath, command.positions, command.config.channels)
  const plan = TrainingPlan.fromJson(command.plan)
  const trainer = new Trainer(command.config, dataset, plan)
  const scratch = await mkdtemp(join(tmpdir(), 'dcgan-preflight-'))
  try {
    let peakMemoryBytes = process.memoryUsage().rss
    const timedStep = async () => {
      const started = performance.now()
      await trainer.step()
      peakMemoryBytes = Math.max(peakMemoryBytes, process.memoryUsage().rss)
      return performance.now() - started
    }
    const stepMs: number[] = []
    const settledSteps = () => stepMs.slice(stepMs.length >> 1)
    for (;;) {
      stepMs.push(await timedStep())
      const settled = settledSteps()
      if (settled.length >= command.steps && sum(settled) >= SETTLED_MS) break
      if (stepMs.length >= MIN_STEPS && sum(stepMs) >= MEASURE_BUDGET_MS) break
    }
    const msPerStep = median(settledSteps())
    // from the process's start (performance.now() counts from it) to a warm trainer
    const warmAt = performance.now()

    // the first preview generation compiles the generator's inference path: the run does that before epoch 1
    const samplesStarted = performance.now()
    await encodeFaces(trainer)
    const firstSamplesMs = performance.now() - samplesStarted
    const epochEndStarted = performance.now()
    const faces = await encodeFaces(trainer)
    const { bytes: checkpointBytes } = await writeCheckpoint(scratch, await trainer.snapshot())
    const epochEndMs = performance.now() - epochEndStarted
    // the run scores some epochs after their checkpoint (EpochSwd); its first evaluation also prepares the real side
    const swdStarted = performance.now()
    const { ms: swdMs } = await new EpochSwd(trainer.config, dataset).evaluate(
      1,
      msPerStep * plan.stepsPerEpoch,
      (latents) => trainer.generate(latents),
    )
    const swdSetupMs = performance.now() - swdStarted - swdMs
    return {
      type: 'preflight',
      device,
      msPerStep,
      stepsPerEpoch: plan.stepsPerEpoch,
      epochEndMs,
      swdMs,
      swdSetupMs,
      // the steps taken count as steps of the first epoch; what they took beyond that is start-up
      startupMs: warmAt - stepMs.length * msPerStep + firstSamplesMs,
      peakMemoryBytes,
      checkpointBytes,
      samplesBytes: faces.reduce((total, face) => total + face.byteLength, 0),
    }
  } finally {
    trainer.dispose()
    await rm(scratch, { recursive: true, force: true })
  }
}

/** The run's preview faces as the session writes them after every epoch: one PNG per face. */
async function encodeFaces(trainer: Trainer): Promise<Buffer[]> {
  const { imageSize: size, channels } = trainer.config
  const pixels = await trainer.generateFixed()
  const perImage = size * size * channels
  return Promise.all(
    Array.from({ length: pixels.length / perImage }, (_, cell) =>
      sharp(pixels.subarray(cell * perImage, (cell + 1) * perImage), {
        raw: { width: size, height: size, channels: channels as 1 | 3 },
      })
        .png()
        .toBuffer(),
    ),
  )
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0)

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
