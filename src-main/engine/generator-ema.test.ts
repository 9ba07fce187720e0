import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from './tf'
import { initBackend } from './backends'
import { EMA_PREFIX, GeneratorEma, emaBeta } from './generator-ema'
import type { NamedData } from './generator-ema'
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

  it('resumes exactly: N updates, records, a fresh EMA restored, M more equals N + M in one go', async () => {
    const N = 7
    const M = 5
    const g1 = buildGenerator(CONFIG, new Rng(2))
    const g2 = buildGenerator(CONFIG, new Rng(2))
    const straight = new GeneratorEma(g1)
    let resumed: GeneratorEma | null = null
    try {
      for (let s = 0; s < N; s++) {
        fakeUpdate(g1, s)
        straight.update(s)
      }
      const saved = new Map((await straight.records()).map((r) => [r.name, r]))
      expect([...saved.keys()].every((k) => k.startsWith(EMA_PREFIX))).toBe(true)
      // G itself comes back from the checkpoint; here it is replayed to the same weights.
      for (let s = 0; s < N; s++) fakeUpdate(g2, s)
      resumed = new GeneratorEma(g2)
      resumed.restore(saved)
      for (let s = N; s < N + M; s++) {
        fakeUpdate(g1, s)
        straight.update(s)
        fakeUpdate(g2, s)
        resumed.update(s)
      }
      expect(await values(resumed.net)).toEqual(await values(straight.net))
    } finally {
      straight.dispose()
      resumed?.dispose()
      disposeNetwork(g1)
      disposeNetwork(g2)
    }
  })

  it('refuses records that lack or mis-shape a tensor and keeps its average', async () => {
    const g = buildGenerator(CONFIG, new Rng(3))
    const ema = new GeneratorEma(g)
    try {
      const records = await ema.records()
      const kept = await values(ema.net)
      const missing = new Map(records.slice(1).map((r) => [r.name, r]))
      expect(() => ema.restore(missing)).toThrow(/lacks tensor ema\//)
      const wrong: NamedData[] = records.map((r, i) => (i === records.length - 1 ? { ...r, shape: [r.data.length + 1], data: new Float32Array(r.data.length + 1) } : { ...r, data: new Float32Array(r.data.length).fill(9) }))
      expect(() => ema.restore(new Map(wrong.map((r) => [r.name, r])))).toThrow(/has shape/)
      expect(await values(ema.net)).toEqual(kept)
    } finally {
      ema.dispose()
      disposeNetwork(g)
    }
  })
})
