import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import * as tf from './tf'
import { initBackend } from './backends'
import { randomDataset } from './dataset'
import { preset } from './presets'
import { Trainer } from './trainer'

const tiny = (over = {}) => preset('quick', { imageSize: 16, baseChannels: 4, zDim: 8, batchSize: 4, ...over })
const wgan = { loss: 'wgan', optimizer: { kind: 'rmsprop', lr: 5e-5, alpha: 0.99, eps: 1e-8 }, nCritic: 2 } as const

describe('GAN steps (cpu backend)', () => {
  beforeAll(async () => {
    await initBackend('cpu')
  })
  afterEach(() => vi.restoreAllMocks())

  for (const [name, over] of [
    ['bce', {}],
    ['wgan', wgan],
  ] as const) {
    it(`${name}: reads nothing synchronously and leaves no tensor behind`, async () => {
      const t = new Trainer(tiny(over), randomDataset(16, 16, 3))
      await t.step()
      const before = tf.memory().numTensors
      const dataSync = vi.spyOn(tf.Tensor.prototype, 'dataSync')
      const arraySync = vi.spyOn(tf.Tensor.prototype, 'arraySync')
      const { metrics } = await t.step()
      expect(metrics.nonFinite).toBeUndefined()
      expect([dataSync.mock.calls.length, arraySync.mock.calls.length]).toEqual([0, 0])
      expect(tf.memory().numTensors).toBe(before)
      t.dispose()
    })
  }

  it('bce: a step updates every weight of D and G; a refused D update leaves both as they were', async () => {
    const t = new Trainer(tiny({ seed: 4 }), randomDataset(16, 16, 3))
    const weights = async () =>
      Promise.all([...t.g.params, ...t.d.params].map(async (p) => Array.from(await p.v.data())))
    const start = await weights()
    const { metrics } = await t.step()
    expect(metrics.nonFinite).toBeUndefined()
    const after = await weights()
    expect(after.filter((w, i) => w.some((v, j) => v !== start[i]![j])).length).toBe(after.length)
    for (const o of [t.optD]) (o.config as { lr: number }).lr = 1e38
    const refused = await t.step()
    expect(refused.metrics.nonFinite?.where).toBe('discriminator weights')
    expect(await weights()).toEqual(after)
    expect(t.stepsDone).toBe(1)
    t.dispose()
  })
})
