import { describe, expect, it } from 'vitest'
import { preset } from './presets'
import { TrainingPlan } from './training-plan'

const ids = (count: number) => Array.from({ length: count }, (_, index) => 1000 + index)
const wgan = preset('quick', {
  loss: 'wgan',
  optimizer: { kind: 'rmsprop', lr: 5e-5, alpha: 0.99, eps: 1e-8 },
  batchSize: 10,
  nCritic: 4,
  seed: 9,
})

describe('TrainingPlan', () => {
  it('counts a WGAN step as n_critic batches: 60 images, batch 10, n_critic 4, 4 epochs is 4 steps', () => {
    const plan = TrainingPlan.of(wgan, ids(60), 4)
    expect(plan.stepsPerEpoch).toBe(1)
    expect(plan.imagesPerStep).toBe(40)
    expect(plan.plannedSteps).toBe(4)
    expect([1, 2, 3, 4].map((steps) => plan.endsEpoch(steps))).toEqual([true, true, true, true])
    expect(plan.epochsDone(3)).toBe(3)
    const bce = TrainingPlan.of({ ...wgan, loss: 'bce' }, ids(60), 4)
    expect([bce.stepsPerEpoch, bce.plannedSteps, bce.endsEpoch(5), bce.endsEpoch(6)]).toEqual([6, 24, false, true])
  })

  it('gives each step distinct images of one epoch, a new shuffle each epoch, the same for the same seed', () => {
    const plan = TrainingPlan.of({ ...wgan, batchSize: 5, nCritic: 2 }, ids(23), 3)
    expect(plan.stepsPerEpoch).toBe(2)
    const epoch0 = [0, 1].flatMap((step) => [0, 1].flatMap((k) => [...plan.batch(step, k)]))
    expect(new Set(epoch0).size).toBe(20)
    expect(epoch0.every((position) => position < 23)).toBe(true)
    expect([...plan.batch(2, 0)]).not.toEqual([...plan.batch(0, 0)])
    const again = TrainingPlan.fromJson(JSON.parse(JSON.stringify(plan.json)))
    expect([...again.batch(3, 1)]).toEqual([...plan.batch(3, 1)])
    expect([...TrainingPlan.of({ ...wgan, batchSize: 5, nCritic: 2, seed: 10 }, ids(23), 3).order(0)]).not.toEqual([
      ...plan.order(0),
    ])
  })

  it('says why a checkpoint of another plan cannot continue, and refuses a plan with no whole step', () => {
    const plan = TrainingPlan.of(wgan, ids(60), 4)
    expect(plan.mismatch(TrainingPlan.of(wgan, ids(60), 9))).toBeNull()
    expect(plan.mismatch(TrainingPlan.of(wgan, ids(59), 4))).toMatch(/trained on 59 images and the run now lists 60/)
    expect(() => TrainingPlan.of(wgan, ids(39), 1)).toThrow(
      /batch size 10 × 4 critic updates = 40 images, but the run has only 39 images/,
    )
    expect(() => TrainingPlan.fromJson({ imageIds: [] })).toThrow(/training plan is invalid/)
  })
})
