import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { HYPERPARAMETER_OPTIONS, hyperparametersFromFlags } from '../../src-main/cli/hyperparameter-flags'
import {
  changedHyperparameters,
  configPath,
  HYPERPARAMETER_FIELDS,
  hyperparameterAt,
  hyperparametersAt,
  hyperparametersOf,
  withHyperparameters,
} from './hyperparameters'
import { PRESETS, trainConfigSchema } from './train-config'

/** Settings a preset fixes and no one sets by hand (the seed has its own field and flag). */
const PRESET_ONLY = ['arch', 'imageSize', 'channels', 'seed', 'optimizer.kind', 'optimizer.eps', 'optimizer.alpha']

function leaves(schema: z.ZodType, prefix: string[] = []): string[] {
  if (schema instanceof z.ZodObject)
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
      leaves(child, [...prefix, key]),
    )
  if (schema instanceof z.ZodDiscriminatedUnion)
    return [...new Set((schema.options as z.ZodType[]).flatMap((option) => leaves(option, prefix)))]
  return [prefix.join('.')]
}

describe('hyperparameters, derived from the train config schema', () => {
  it('every setting of the schema is a hyperparameter or fixed by the preset, and each hyperparameter has a flag and words', () => {
    const settable = HYPERPARAMETER_FIELDS.map((field) => configPath(field.key).join('.'))
    expect([...settable, ...PRESET_ONLY].sort()).toEqual(leaves(trainConfigSchema).sort())
    for (const field of HYPERPARAMETER_FIELDS) {
      expect(field.title.length, field.key).toBeGreaterThan(0)
      expect(field.description.length, field.key).toBeGreaterThan(10)
      expect(HYPERPARAMETER_OPTIONS[field.flag], field.key).toBeDefined()
    }
  })

  it("takes each field's bounds from the schema", () => {
    const batch = HYPERPARAMETER_FIELDS.find((field) => field.key === 'batchSize')!
    expect(batch).toMatchObject({ min: 2, max: 1024, integer: true, flag: 'batch' })
    expect(HYPERPARAMETER_FIELDS.find((field) => field.key === 'learningRate')).toMatchObject({
      above: 0,
      max: 1,
      integer: false,
    })
    expect(HYPERPARAMETER_FIELDS.find((field) => field.key === 'beta1')).toMatchObject({
      min: 0,
      below: 1,
      onlyFor: 'adam',
    })
  })

  it('reads a config and writes one through the same paths', () => {
    expect(hyperparameterAt(['optimizer', 'lr'])).toBe('learningRate')
    const changed = withHyperparameters(PRESETS.quick, { learningRate: 1e-3, beta1: 0.6, batchSize: 8, flip: false })
    expect(changed).toMatchObject({ batchSize: 8, flip: false, optimizer: { kind: 'adam', lr: 1e-3, beta1: 0.6 } })
    expect(PRESETS.quick.optimizer).toMatchObject({ lr: 2e-4 })
    expect(hyperparametersOf(changed)).toMatchObject({ learningRate: 1e-3, beta1: 0.6, batchSize: 8, flip: false })
    // WGAN brings RMSprop: Adam's betas have nowhere to go
    const wgan = withHyperparameters(PRESETS.quick, { loss: 'wgan', beta1: 0.6 })
    expect(wgan.optimizer).toEqual(PRESETS['wgan-64'].optimizer)
    expect(hyperparametersOf(wgan)).not.toHaveProperty('beta1')
  })

  it("reads D's learning rate as G's where a config has none, and records what a change of G's rate moves", () => {
    expect(PRESETS.quick.optimizer).not.toHaveProperty('dLr')
    expect(hyperparametersOf(PRESETS.quick)).toMatchObject({ learningRate: 2e-4, dLearningRate: 2e-4 })
    const ttur = withHyperparameters(PRESETS.quick, { dLearningRate: 4e-4 })
    expect(ttur.optimizer).toMatchObject({ lr: 2e-4, dLr: 4e-4 })
    expect(hyperparametersOf(withHyperparameters(PRESETS.quick, { loss: 'wgan', dLearningRate: 1e-4 }))).toMatchObject({
      learningRate: 5e-5,
      dLearningRate: 1e-4,
    })
    // D follows G until it has its own rate
    expect(changedHyperparameters(PRESETS.quick, withHyperparameters(PRESETS.quick, { learningRate: 1e-4 }))).toEqual({
      learningRate: 1e-4,
      dLearningRate: 1e-4,
    })
    expect(changedHyperparameters(ttur, withHyperparameters(ttur, { learningRate: 1e-4 }))).toEqual({
      learningRate: 1e-4,
    })
    expect(changedHyperparameters(ttur, withHyperparameters(ttur, { dLearningRate: 4e-4 }))).toEqual({})
  })

  it('gives what a run trained with at a step from its segments', () => {
    const run = {
      hyperparameters: { learningRate: 2e-4, dLearningRate: 2e-4, batchSize: 16 },
      segments: [
        { fromStep: 10, changes: { dLearningRate: 4e-4 } },
        { fromStep: 20, changes: { learningRate: 1e-4 } },
      ],
    }
    expect(hyperparametersAt(run, 9)).toEqual(run.hyperparameters)
    expect(hyperparametersAt(run, 10)).toEqual({ learningRate: 2e-4, dLearningRate: 4e-4, batchSize: 16 })
    expect(hyperparametersAt(run, 25)).toEqual({ learningRate: 1e-4, dLearningRate: 4e-4, batchSize: 16 })
  })

  it('reads the CLI flags through the schema', () => {
    expect(
      hyperparametersFromFlags({ batch: '8', lr: '0.001', 'd-lr': '0.004', 'no-flip': true, loss: 'wgan' }),
    ).toEqual({ batchSize: 8, learningRate: 0.001, dLearningRate: 0.004, flip: false, loss: 'wgan' })
    expect(() => hyperparametersFromFlags({ 'd-lr': '0' })).toThrow(/^--d-lr: /)
    expect(() => hyperparametersFromFlags({ 'n-critic': '0.5' })).toThrow(/^--n-critic: /)
  })
})
