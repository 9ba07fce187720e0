import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from './tf'
import { initBackend } from './backends'
import { EMA_PREFIX, GeneratorEma, emaBeta } from './generator-ema'
import { buildGenerator, disposeNetwork } from './models'
import type { Network } from './models'
import { Rng } from '../../src-shared/rng'

const CONFIG = { arch: 'paper', imageSize: 16, channels: 3, zDim: 4, baseChannels: 2 } as const

/** A stand-in for a G update: every parameter and buffer moves by a step-dependent amount. */
function fakeUpdate(g: Network, step: number): void {
  tf.tidy(() => {
    for (const p of [...g.params, ...g.buffers]) p.v.assign(tf.add(tf.mul(p.v, 0.97), Math.sin(step + p.v.size) * 0.1))
  })
}

async function values(net: Network): Promise<Float32Array[]> {
  return Promise.all([...net.params, ...net.buffers].map(async (p) => (await p.v.data()) as Float32Array))
}

describe('generator EMA', () => {
  beforeAll(async () => {
    await initBackend('cpu')
  })

  it('warms up: β follows (1+step)/(10+step) and stops at 0.999', () => {
    expect(emaBeta(0)).toBeCloseTo(0.1, 12)
    expect(emaBeta(10)).toBeCloseTo(11 / 20, 12)
    expect(emaBeta(100_000)).toBe(0.999)
  })

  it('starts as G, averages its weights and its batch-norm statistics, and leaks no tensors', async () => {
    const g = buildGenerator(CONFIG, new Rng(1))
    const ema = new GeneratorEma(g)
    try {
      expect(ema.net.buffers.length).toBeGreaterThan(0)
      expect(await values(ema.net)).toEqual(await values(g))
      const before = await values(g)
      fakeUpdate(g, 0)
      const after = await values(g)
      const counted = tf.memory().numTensors
      ema.update(0)
      expect(tf.memory().numTensors).toBe(counted)
      const averaged = await values(ema.net)
      averaged.forEach((a, i) => a.forEach((v, j) => expect(v).toBeCloseTo(0.1 * before[i]![j]! + 0.9 * after[i]![j]!, 5)))
      for (let s = 1; s < 20; s++) ema.update(s)
      expect(tf.memory().numTensors).toBe(counted)
    } finally {
      ema.dispose()
      disposeNetwork(g)
    }
  })

  it('names its variables for a checkpoint beside G\'s', () => {
    const g = buildGenerator(CONFIG, new Rng(3))
    const ema = new GeneratorEma(g)
    expect(ema.variables().map((v) => v.name)).toEqual([...g.params, ...g.buffers].map((p) => EMA_PREFIX + p.name))
    ema.dispose()
    disposeNetwork(g)
  })
})
