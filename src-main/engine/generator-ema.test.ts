import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from './tf'
import { initBackend } from './backends'
import { EMA_PREFIX, GeneratorEma, emaBeta } from './generator-ema'
import { buildGenerator, disposeNetwork, generatorForward } from './models'
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

async function params(net: Network): Promise<Float32Array[]> {
  return Promise.all(net.params.map(async (p) => (await p.v.data()) as Float32Array))
}

/** 32 latent vectors for the EMA's statistics. */
const latents = (seed: number) => new Rng(seed).fillNormal(new Float32Array(32 * CONFIG.zDim))

describe('generator EMA', () => {
  beforeAll(async () => {
    await initBackend('cpu')
  })

  it('warms up: β follows (1+step)/(10+step) and stops at 0.999', () => {
    expect(emaBeta(0)).toBeCloseTo(0.1, 12)
    expect(emaBeta(10)).toBeCloseTo(11 / 20, 12)
    expect(emaBeta(100_000)).toBe(0.999)
  })

  it('starts as G, averages its weights, and leaks no tensors', async () => {
    const g = buildGenerator(CONFIG, new Rng(1))
    const ema = new GeneratorEma(g, latents(2))
    try {
      expect(ema.net.buffers.length).toBeGreaterThan(0)
      expect(await values(ema.net)).toEqual(await values(g))
      const before = await params(g)
      fakeUpdate(g, 0)
      const after = await params(g)
      const counted = tf.memory().numTensors
      ema.update(0)
      expect(tf.memory().numTensors).toBe(counted)
      const averaged = await params(ema.net)
      averaged.forEach((a, i) =>
        a.forEach((v, j) => expect(v).toBeCloseTo(0.1 * before[i]![j]! + 0.9 * after[i]![j]!, 5)),
      )
      for (let s = 1; s < 20; s++) ema.update(s)
      await values(ema.net)
      expect(tf.memory().numTensors).toBe(counted)
    } finally {
      ema.dispose()
      disposeNetwork(g)
    }
  })

  it("normalises with its own weights' batch statistics on its latents, not with G's averaged ones", async () => {
    const g = buildGenerator(CONFIG, new Rng(4))
    const z = latents(5)
    const ema = new GeneratorEma(g, z)
    try {
      for (let s = 0; s < 20; s++) {
        fakeUpdate(g, s)
        ema.update(s)
      }
      const batch = tf.tensor2d(z, [z.length / CONFIG.zDim, CONFIG.zDim])
      const inEval = generatorForward(ema.net, batch, { training: false })
      const withBatchStats = generatorForward(ema.net, batch, { training: true })
      const evalValues = (await inEval.data()) as Float32Array
      const batchValues = (await withBatchStats.data()) as Float32Array
      // (eval mode divides by the unbiased variance, as PyTorch keeps it)
      evalValues.forEach((v, i) => expect(v).toBeCloseTo(batchValues[i]!, 2))
      // G's own (moved) statistics would normalise differently
      const gStats = await Promise.all(g.buffers.map(async (b) => (await b.v.data()) as Float32Array))
      const emaStats = await Promise.all(ema.net.buffers.map(async (b) => (await b.v.data()) as Float32Array))
      expect(emaStats.some((s, i) => s.some((v, j) => Math.abs(v - gStats[i]![j]!) > 1e-3))).toBe(true)
      tf.dispose([batch, inEval, withBatchStats])
    } finally {
      ema.dispose()
      disposeNetwork(g)
    }
  })

  it('refuses latents that are not whole vectors', () => {
    const g = buildGenerator(CONFIG, new Rng(5))
    expect(() => new GeneratorEma(g, new Float32Array(CONFIG.zDim + 1))).toThrow(/not whole vectors of 4/)
    disposeNetwork(g)
  })

  it("names its variables for a checkpoint beside G's", () => {
    const g = buildGenerator(CONFIG, new Rng(3))
    const ema = new GeneratorEma(g, latents(3))
    expect(ema.variables().map((v) => v.name)).toEqual([...g.params, ...g.buffers].map((p) => EMA_PREFIX + p.name))
    ema.dispose()
    disposeNetwork(g)
  })
})
