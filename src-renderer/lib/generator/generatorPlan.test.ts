import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src-main/engine/backends'
import { randomDataset } from '../../../src-main/engine/dataset'
import { buildGeneratorModel, generatorWeightsOf } from '../../../src-main/engine/export-generator'
import { preset } from '../../../src-main/engine/presets'
import type { TrainConfig } from '../../../src-main/engine/presets'
import { Rng } from '../../../src-shared/rng'
import { Trainer } from '../../../src-main/engine/trainer'
import { compileGenerator } from './generatorPlan'

beforeAll(async () => {
  await initBackend('cpu')
})

/**
 * The exported generator of a config, with weights far from their initialisation (N(0, 0.02) draws
 * near-blank images): wide kernels, batch norms with real scales, shifts and running statistics.
 */
async function exportedModel(config: TrainConfig) {
  const trainer = new Trainer(config, randomDataset(8, config.imageSize, config.channels, 6))
  const weights = await generatorWeightsOf(trainer)
  trainer.dispose()
  const rng = new Rng(config.seed + 100)
  for (const [name, record] of weights.tensors) {
    const fanIn = record.shape.length === 4 ? 4 * record.shape[3]! : record.shape.length === 2 ? record.shape[0]! : 1
    if (name.endsWith('.var')) rng.fillUniform(record.data, 0.5, 2)
    else if (name.endsWith('.gamma')) rng.fillNormal(record.data, 1, 0.3)
    else rng.fillNormal(record.data, 0, 1.5 / Math.sqrt(fanIn))
  }
  return buildGeneratorModel(weights)
}

describe('compileGenerator', () => {
  const cases: [string, TrainConfig][] = [
    ['quick (compact, dense with bias)', preset('quick', { batchSize: 4, seed: 3 })],
    [
      'paper at 64 px (dense → BN → ReLU, four upsamplings)',
      preset('quick', { arch: 'paper', imageSize: 64, baseChannels: 4, zDim: 20, batchSize: 4, seed: 4 }),
    ],
    [
      'grayscale paper at 16 px',
      preset('quick', { arch: 'paper', imageSize: 16, channels: 1, baseChannels: 6, zDim: 9, batchSize: 4, seed: 5 }),
    ],
  ]
  for (const [label, config] of cases) {
    it(`${label}: the plan draws what model.predict draws`, async () => {
      const model = await exportedModel(config)
      const plan = compileGenerator(model)
      expect(plan).not.toBeNull()
      const z = tf.tensor2d(new Rng(8).fillNormal(new Float32Array(3 * config.zDim)), [3, config.zDim])
      const expected = model.predict(z) as tf.Tensor
      const actual = tf.tidy(() => plan!.forward(z))
      expect(actual.shape).toEqual([3, config.imageSize, config.imageSize, config.channels])
      const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!)
      expect(difference).toBeLessThan(1e-4)
      // not trivially equal: the images vary
      expect(tf.tidy(() => tf.moments(expected).variance.dataSync()[0]!)).toBeGreaterThan(1e-2)
      tf.dispose([z, expected, actual])
      plan!.dispose()
      model.dispose()
    })
  }

  it('leaves a model with layers it does not cover to model.predict', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 16 }),
        tf.layers.reshape({ targetShape: [2, 2, 4] }),
        tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 1, padding: 'same' }),
      ],
    })
    const before = tf.memory().numTensors
    expect(compileGenerator(model)).toBeNull()
    expect(tf.memory().numTensors).toBe(before)
    model.dispose()
  })
})
