import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from './tf'
import { BackendUnavailableError, initBackend } from './backends'
import { randomDataset } from './dataset'
import type { Dataset } from './dataset'
import { preset } from './presets'
import { Trainer, fixedNoise } from './trainer'
import { Rng } from '../../src-shared/rng'

/** A trivial dataset: flat-colour 16×16 squares of a few colours. */
function flatColours(count: number, size: number): Dataset {
  const pixels = new Uint8Array(count * size * size * 3)
  const colours = [
    [230, 40, 40],
    [40, 200, 60],
    [250, 250, 250],
  ]
  for (let i = 0; i < count; i++) {
    const c = colours[i % colours.length]!
    for (let p = 0; p < size * size; p++) pixels.set(c, (i * size * size + p) * 3)
  }
  return { count, size, channels: 3, pixels }
}

const tiny = (over = {}) => preset('quick', { imageSize: 16, baseChannels: 4, zDim: 8, batchSize: 8, ...over })

describe('trainer (cpu backend)', () => {
  beforeAll(async () => {
    await initBackend('cpu')
  })

  it('produces finite metrics and D learns a trivial dataset', async () => {
    const t = new Trainer(
      tiny({ optimizer: { kind: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.999, eps: 1e-8 } }),
      flatColours(32, 16),
    )
    const d: number[] = []
    for (let i = 0; i < 12; i++) {
      const m = (await t.step()).metrics
      expect(m.nonFinite).toBeUndefined()
      for (const v of [m.dLoss, m.gLoss, m.dReal, m.dFake, m.stepMs]) expect(Number.isFinite(v)).toBe(true)
      expect(m.dReal).toBeGreaterThan(0)
      expect(m.dReal).toBeLessThan(1)
      d.push(m.dLoss)
    }
    expect((d[10]! + d[11]!) / 2).toBeLessThan((d[0]! + d[1]!) / 2)
    expect(t.stepsDone).toBe(12)
    expect(t.epochsDone).toBe(3) // 4 steps per epoch
    t.dispose()
  })

  it('keeps tf.memory().numTensors flat across steps and epochs (bce and wgan, with and without augmentation)', async () => {
    for (const [loss, augment] of [
      ['bce', 'off'],
      ['wgan', 'off'],
      ['bce', 'fixed'],
      ['wgan', 'fixed'],
    ] as const) {
      const over =
        loss === 'wgan' ? { loss, optimizer: { kind: 'rmsprop', lr: 5e-5, alpha: 0.99, eps: 1e-8 } as const } : {}
      const t = new Trainer(tiny({ ...over, augment, augmentP: 0.5 }), randomDataset(24, 16, 3))
      await t.step()
      const before = tf.memory().numTensors
      for (let i = 0; i < 7; i++) await t.step()
      await t.generateFixed()
      expect(tf.memory().numTensors).toBe(before)
      t.dispose()
    }
  })

  it('refuses a NaN step: reports it and leaves the weights unchanged', async () => {
    const t = new Trainer(tiny(), randomDataset(16, 16, 3))
    await t.step()
    const w = t.d.params[0]!.v
    tf.tidy(() => w.assign(tf.where(tf.onesLike(w).cast('bool'), tf.fill(w.shape, NaN), w)))
    const g0 = await t.g.params[0]!.v.data()
    const m = (await t.step()).metrics
    expect(m.nonFinite?.where).toBe('dLoss')
    expect(Array.from(await t.g.params[0]!.v.data())).toEqual(Array.from(g0))
    expect(t.stepsDone).toBe(1)
    t.dispose()
  })

  it('refuses a step whose update would overflow (huge learning rate)', async () => {
    const t = new Trainer(tiny(), randomDataset(16, 16, 3))
    // beyond what config validation allows: force it on the optimizers
    for (const o of [t.optD, t.optG]) (o.config as { lr: number }).lr = 1e38
    let m = (await t.step()).metrics
    for (let i = 0; i < 5 && !m.nonFinite; i++) m = (await t.step()).metrics
    expect(m.nonFinite).toBeDefined()
    for (const p of [...t.g.params, ...t.d.params]) {
      const v = await p.v.data()
      expect(v.every(Number.isFinite)).toBe(true)
    }
    t.dispose()
  })

  it('WGAN keeps every critic weight within ±clip', async () => {
    const t = new Trainer(
      tiny({ loss: 'wgan', optimizer: { kind: 'rmsprop', lr: 5e-5, alpha: 0.99, eps: 1e-8 }, nCritic: 3, clip: 0.01 }),
      randomDataset(32, 16, 3),
    )
    const m = (await t.step()).metrics
    expect(m.images).toBe(24)
    expect(m.nonFinite).toBeUndefined()
    await t.step()
    for (const p of t.d.params) {
      const v = await p.v.data()
      expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(0.01 + 1e-7)
    }
    t.dispose()
  })

  it('trains grayscale (1-channel) images: finite steps, 1-channel faces', async () => {
    const t = new Trainer(tiny({ channels: 1 }), randomDataset(16, 16, 1))
    for (let i = 0; i < 3; i++) expect((await t.step()).metrics.nonFinite).toBeUndefined()
    expect(t.stepsDone).toBe(3)
    expect((await t.generateFixed()).length).toBe(64 * 16 * 16 * 1)
    t.dispose()
  })

  it('derives the fixed noise from the seed alone', async () => {
    expect(fixedNoise(7, 8)).toEqual(fixedNoise(7, 8))
    expect(fixedNoise(7, 8)).not.toEqual(fixedNoise(8, 8))
    const a = new Trainer(tiny({ seed: 5 }), randomDataset(16, 16, 3))
    const b = new Trainer(tiny({ seed: 5 }), randomDataset(16, 16, 3, 99))
    expect(a.fixedNoise).toEqual(b.fixedNoise)
    const img = await a.generateFixed()
    expect(img.length).toBe(64 * 16 * 16 * 3)
    expect(await b.generateFixed()).toEqual(img) // same seed → same init → same images
    a.dispose()
    b.dispose()
  })

  it("trains D at its own learning rate when set (TTUR), at G's when not, which is the same math as before", async () => {
    const adam = { kind: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999, eps: 1e-8 } as const
    const dataset = randomDataset(16, 16, 3)
    const weightsAfterTwoSteps = async (optimizer: typeof adam | (typeof adam & { dLr: number })) => {
      const t = new Trainer(tiny({ optimizer }), dataset)
      await t.step()
      await t.step()
      const lrs = { g: t.optG.config.lr, d: t.optD.config.lr }
      const d = Array.from(await t.d.params[0]!.v.data())
      const g = Array.from(await t.g.params[0]!.v.data())
      t.dispose()
      return { lrs, d, g }
    }
    const unset = await weightsAfterTwoSteps(adam)
    const same = await weightsAfterTwoSteps({ ...adam, dLr: 2e-4 })
    const faster = await weightsAfterTwoSteps({ ...adam, dLr: 4e-4 })
    expect(unset.lrs).toEqual({ g: 2e-4, d: 2e-4 })
    expect(faster.lrs).toEqual({ g: 2e-4, d: 4e-4 })
    expect(same).toEqual(unset)
    expect(faster.d).not.toEqual(unset.d)
  })

  it('rejects a dataset that does not fit the config', () => {
    expect(() => new Trainer(tiny({ batchSize: 64 }), randomDataset(10, 16, 3))).toThrow(
      /batch size 64 is larger than the dataset \(10 images\)/,
    )
    expect(() => new Trainer(tiny(), randomDataset(10, 32, 3))).toThrow(/images are 32×32 but .* needs 16×16/)
  })
})

describe('trainer (wasm backend)', () => {
  it('trains the quick preset with finite metrics', async () => {
    await initBackend('wasm')
    const t = new Trainer(preset('quick'), randomDataset(32, 32, 3))
    await t.step()
    const before = tf.memory().numTensors
    for (let i = 0; i < 3; i++) {
      const m = (await t.step()).metrics
      expect(m.nonFinite).toBeUndefined()
      expect(Number.isFinite(m.dLoss) && Number.isFinite(m.gLoss)).toBe(true)
    }
    expect(tf.memory().numTensors).toBe(before)
    t.dispose()
  })
})

describe('backends', () => {
  it('a forced backend that is unavailable throws a clear error', async () => {
    await expect(initBackend('tensorflow')).rejects.toThrow(
      /^Backend 'tensorflow' is unavailable: tfjs-node-gpu is not installed/,
    )
    await expect(initBackend('tensorflow')).rejects.toBeInstanceOf(BackendUnavailableError)
  })

  it('auto picks a backend and explains the skipped ones', async () => {
    const r = await initBackend('auto')
    expect(['tensorflow', 'webgpu', 'wasm', 'cpu']).toContain(r.backend)
    expect(r.device.length).toBeGreaterThan(0)
    for (const u of r.unavailable) expect(u.reason.length).toBeGreaterThan(5)
    expect(r.versions['tfjs-core']).toBe('4.22.0')
  })
})

describe('rng', () => {
  it('is reproducible and resumable from its state', () => {
    const a = new Rng(42)
    a.nextU32()
    const st = a.getState()
    const x = [a.nextU32(), a.uniform(), ...a.fillNormal(new Float32Array(3))]
    const b = Rng.fromState(st)
    expect([b.nextU32(), b.uniform(), ...b.fillNormal(new Float32Array(3))]).toEqual(x)
    const p = new Rng(1).permutation(50)
    expect([...p].sort((u, v) => u - v)).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })
})
