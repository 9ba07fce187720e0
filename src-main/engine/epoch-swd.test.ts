import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from './backends'
import { randomDataset } from './dataset'
import { EPOCH_SWD, EpochSwd, realSubset, swdCadence, swdEvaluations } from './epoch-swd'
import { preset } from './presets'
import * as tf from './tf'
import { Trainer } from './trainer'
import { TrainingPlan } from './training-plan'

const tiny = (seed: number) => preset('quick', { imageSize: 16, baseChannels: 4, zDim: 8, batchSize: 8, seed })
const dataset = () => randomDataset(24, 16, 3, 4)

/** A trainer on the 24-image set, two epochs planned, after its first epoch. */
async function afterOneEpoch(seed: number): Promise<Trainer> {
  const config = tiny(seed)
  const plan = TrainingPlan.of(
    config,
    Array.from({ length: 24 }, (_, index) => index),
    2,
  )
  const trainer = new Trainer(config, dataset(), plan)
  while (trainer.epochsDone < 1) await trainer.step()
  return trainer
}

const score = (trainer: Trainer, swd = new EpochSwd(trainer.config, dataset())) =>
  swd.evaluate(1, 1000, (latents) => trainer.generate(latents))

describe('SWD after an epoch', () => {
  beforeAll(async () => {
    await initBackend('cpu')
  })

  it('picks the next evaluation so that its cost stays within 10% of training time', () => {
    expect(swdCadence(50, 1000)).toBe(1)
    expect(swdCadence(100, 1000)).toBe(1)
    expect(swdCadence(101, 1000)).toBe(2)
    expect(swdCadence(450, 1500)).toBe(3)
    expect(swdCadence(450, 1500, 0.5)).toBe(1)
    expect(swdCadence(10, 0)).toBe(1)
  })

  it('counts the epochs a run will score, as that cadence spaces them: the first, every few, and the last (the pre-flight adds their cost)', () => {
    expect(swdEvaluations(4, 50, 1000)).toBe(4)
    expect(swdEvaluations(10, 450, 1500)).toBe(4) // epochs 1, 4, 7, 10
    expect(swdEvaluations(9, 450, 1500)).toBe(4) // 1, 4, 7, and the last, 9
    expect(swdEvaluations(3, 1e6, 1)).toBe(2)
    expect(swdEvaluations(1, 1e6, 1)).toBe(1)
  })

  it("scores the same fixed subset of the run's images for a seed, each image once", () => {
    const chosen = realSubset(1000, 256, 7)
    expect(chosen).toHaveLength(256)
    expect(new Set(chosen).size).toBe(256)
    expect(chosen.every((index) => index >= 0 && index < 1000)).toBe(true)
    expect(realSubset(1000, 256, 7)).toEqual(chosen)
    expect(realSubset(1000, 256, 8)).not.toEqual(chosen)
    expect(realSubset(24, 256, 7)).toEqual(Array.from({ length: 24 }, (_, index) => index))
  })

  it('is the same figure for the same run and seed, another for another seed, and leaks no tensors', async () => {
    const [a, b, c] = [await afterOneEpoch(3), await afterOneEpoch(3), await afterOneEpoch(4)]
    try {
      const before = tf.memory().numTensors
      const first = await score(a)
      expect(tf.memory().numTensors).toBe(before)
      expect(first.swd).toBeGreaterThan(0)
      expect(Number.isFinite(first.swd)).toBe(true)
      expect((await score(b)).swd).toBe(first.swd)
      expect((await score(c)).swd).not.toBe(first.swd)
    } finally {
      for (const trainer of [a, b, c]) trainer.dispose()
    }
  })

  it('does not touch the training: an evaluated run trains on exactly like one that was not', async () => {
    const [scored, plain] = [await afterOneEpoch(5), await afterOneEpoch(5)]
    try {
      await score(scored)
      while (scored.epochsDone < 2) await scored.step()
      while (plain.epochsDone < 2) await plain.step()
      const [s, p] = [await scored.snapshot(), await plain.snapshot()]
      expect(s.rng).toEqual(p.rng)
      expect(s.tensors).toEqual(p.tensors)
    } finally {
      scored.dispose()
      plain.dispose()
    }
  })

  it('is due the first time, then after as many epochs as its measured cost needs, and always at the last epoch', async () => {
    const trainer = await afterOneEpoch(6)
    try {
      const costly = new EpochSwd(trainer.config, dataset(), 1e-9)
      expect(costly.due(1, 10)).toBe(true)
      await costly.evaluate(1, 1, (latents) => trainer.generate(latents))
      expect([2, 3, 9].map((epoch) => costly.due(epoch, 10))).toEqual([false, false, false])
      expect(costly.due(10, 10)).toBe(true)

      const cheap = new EpochSwd(trainer.config, dataset(), Number.POSITIVE_INFINITY)
      await cheap.evaluate(1, 1, (latents) => trainer.generate(latents))
      expect(cheap.due(2, 10)).toBe(true)
      expect(cheap.noise).toHaveLength(EPOCH_SWD.samples * trainer.config.zDim)
    } finally {
      trainer.dispose()
    }
  })
})
