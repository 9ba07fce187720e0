import sharp from 'sharp'
import { initBackend } from '../engine/backends'
import { Trainer } from '../engine/trainer'
import { loadDataset } from './load-dataset'
import type { TrainingCommand, TrainingReport } from '../services/training-protocol'

type PreflightCommand = Extract<TrainingCommand, { type: 'preflight' }>

/**
 * A few real steps of the planned run, to tell the user before a long run what an epoch will take,
 * how much memory training needs and how much disk its checkpoints and samples will use.
 */
export async function preflight(command: PreflightCommand): Promise<Extract<TrainingReport, { type: 'preflight' }>> {
  const device = await initBackend(command.backend)
  const dataset = await loadDataset(command.cachePath, command.positions, command.config.channels)
  const trainer = new Trainer(command.config, dataset)
  try {
    let peakMemoryBytes = process.memoryUsage().rss
    await trainer.trainStep()
    const started = performance.now()
    for (let step = 0; step < command.steps; step++) {
      await trainer.trainStep()
      peakMemoryBytes = Math.max(peakMemoryBytes, process.memoryUsage().rss)
    }
    const msPerStep = (performance.now() - started) / command.steps
    const snapshot = await trainer.snapshot()
    const checkpointBytes = snapshot.tensors.reduce((total, tensor) => total + tensor.data.byteLength, 0) + snapshot.order.byteLength
    const { imageSize: size, channels } = trainer.config
    const pixels = await trainer.generateFixed()
    const perImage = size * size * channels
    const firstFace = await sharp(pixels.subarray(0, perImage), { raw: { width: size, height: size, channels } }).png().toBuffer()
    return {
      type: 'preflight',
      device,
      msPerStep,
      stepsPerEpoch: Math.floor(dataset.count / trainer.config.batchSize),
      peakMemoryBytes,
      checkpointBytes,
      samplesBytes: firstFace.byteLength * (pixels.length / perImage),
    }
  } finally {
    trainer.dispose()
  }
}
