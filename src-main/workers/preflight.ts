import sharp from 'sharp'
import { initBackend } from '../engine/backends'
import { Trainer } from '../engine/trainer'
import { TrainingPlan } from '../engine/training-plan'
import { loadDataset } from './load-dataset'
import type { TrainingCommand, TrainingReport } from '../services/training-protocol'

type PreflightCommand = Extract<TrainingCommand, { type: 'preflight' }>

/**
 * A few real steps of the planned run (a step as the plan counts it: WGAN's includes its critic updates), to tell the user before a long run what an epoch will take,
 * how much memory training needs and how much disk its checkpoints and samples will use.
 */
export async function preflight(command: PreflightCommand): Promise<Extract<TrainingReport, { type: 'preflight' }>> {
  const device = await initBackend(command.backend)
  const dataset = await loadDataset(command.cachePath, command.positions, command.config.channels)
  const plan = TrainingPlan.fromJson(command.plan)
  const trainer = new Trainer(command.config, dataset, plan)
  try {
    let peakMemoryBytes = process.memoryUsage().rss
    await trainer.step()
    const started = performance.now()
    for (let step = 0; step < command.steps; step++) {
      await trainer.step()
      peakMemoryBytes = Math.max(peakMemoryBytes, process.memoryUsage().rss)
    }
    const msPerStep = (performance.now() - started) / command.steps
    const snapshot = await trainer.snapshot()
    const checkpointBytes = snapshot.tensors.reduce((total, tensor) => total + tensor.data.byteLength, 0)
    const { imageSize: size, channels } = trainer.config
    const pixels = await trainer.generateFixed()
    const perImage = size * size * channels
    const firstFace = await sharp(pixels.subarray(0, perImage), { raw: { width: size, height: size, channels } }).png().toBuffer()
    return {
      type: 'preflight',
      device,
      msPerStep,
      stepsPerEpoch: plan.stepsPerEpoch,
      peakMemoryBytes,
      checkpointBytes,
      samplesBytes: firstFace.byteLength * (pixels.length / perImage),
    }
  } finally {
    trainer.dispose()
  }
}
