import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from './tf'
import { initBackend } from './backends'
import { generatorNetwork } from './export-generator'
import { buildDiscriminator, buildGenerator, disposeNetwork } from './models'
import { Optimizer } from './optimizers'
import { preset } from './presets'
import { modelConfigOf } from './trainer'
import { Rng } from '../../src-shared/rng'

describe('building and disposing leaves no tensors (cpu backend)', () => {
  beforeAll(async () => {
    await initBackend('cpu')
  })

  it("paper-64's G and D, their Adam optimisers and an export generator", async () => {
    const config = preset('paper-64')
    const before = tf.memory()
    const rng = new Rng(1, 2)
    const g = buildGenerator(modelConfigOf(config), rng)
    const d = buildDiscriminator(modelConfigOf(config), rng)
    const optG = new Optimizer(config.optimizer, g.params)
    const optD = new Optimizer(config.optimizer, d.params)
    const tensors = new Map()
    for (const p of [...g.params, ...g.buffers])
      tensors.set(p.name, { name: p.name, shape: p.v.shape, data: (await p.v.data()) as Float32Array })
    const exported = generatorNetwork({ config: g.config, tensors })
    // every variable and optimiser slot, nothing more
    const variables =
      g.params.length +
      g.buffers.length +
      d.params.length +
      2 * (g.params.length + d.params.length) +
      exported.params.length +
      exported.buffers.length
    expect(tf.memory().numTensors - before.numTensors).toBe(variables)
    for (const net of [g, d, exported]) disposeNetwork(net)
    optG.dispose()
    optD.dispose()
    expect(tf.memory().numTensors).toBe(before.numTensors)
    expect(tf.memory().numBytes).toBe(before.numBytes)
  })
})
