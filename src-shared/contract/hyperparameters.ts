/**
 * The hyperparameters a user may set on top of a preset, derived from the train config schema (train-config.ts):
 * the contract's run arguments, the New run form's fields and the CLI's `train` flags all read their bounds,
 * labels and help from there, and nothing restates them.
 */
import { z } from 'zod'
import {
  adamSchema,
  configWithLoss,
  discriminatorLr,
  trainConfigSchema,
  type SettingMeta,
  type TrainConfig,
} from './train-config'

const config = trainConfigSchema.shape
const adam = adamSchema.shape

/** Hyperparameters a user may set on top of a preset; everything else comes from the preset. */
export const hyperparameters = z.strictObject({
  /** BCE on logits (DCGAN) or WGAN (critic without sigmoid, clipping, n_critic; RMSprop): overrides the preset's */
  loss: config.loss.optional(),
  batchSize: config.batchSize.optional(),
  zDim: config.zDim.optional(),
  baseChannels: config.baseChannels.optional(),
  learningRate: adam.lr.optional(),
  dLearningRate: adam.dLr.unwrap().optional(),
  beta1: adam.beta1.optional(),
  beta2: adam.beta2.optional(),
  realLabel: config.realLabel.optional(),
  flip: config.flip.optional(),
  nCritic: config.nCritic.optional(),
  clip: config.clip.optional(),
  augment: config.augment.optional(),
  augmentP: config.augmentP.optional(),
})

export type Hyperparameters = z.infer<typeof hyperparameters>
export type HyperparameterKey = keyof Hyperparameters

export const HYPERPARAMETER_KEYS = Object.keys(hyperparameters.shape) as HyperparameterKey[]

/** The hyperparameters that live in the optimiser's config, under another name. */
const OPTIMIZER_KEYS: Partial<Record<HyperparameterKey, string>> = {
  learningRate: 'lr',
  dLearningRate: 'dLr',
  beta1: 'beta1',
  beta2: 'beta2',
}

/** Where a hyperparameter sits in a TrainConfig (`learningRate` → optimizer.lr). */
export function configPath(key: HyperparameterKey): string[] {
  const inOptimizer = OPTIMIZER_KEYS[key]
  return inOptimizer ? ['optimizer', inOptimizer] : [key]
}

/** The hyperparameter a TrainConfig path belongs to, if any (`['optimizer', 'lr']` → learningRate). */
export function hyperparameterAt(path: readonly PropertyKey[]): HyperparameterKey | undefined {
  return HYPERPARAMETER_KEYS.find((key) => configPath(key).every((part, index) => path[index] === part))
}

/** A setting as the form and the CLI show it: bounds and integer-ness from the schema, words from its meta. */
export interface HyperparameterField extends SettingMeta {
  key: HyperparameterKey
  kind: 'number' | 'boolean' | 'choice'
  flag: string
  /** inclusive bounds */
  min?: number
  max?: number
  /** exclusive bounds (a learning rate is above 0, a beta below 1) */
  above?: number
  below?: number
  integer: boolean
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)

function fieldOf(key: HyperparameterKey): HyperparameterField {
  const schema = hyperparameters.shape[key].unwrap()
  const meta = schema.meta() as unknown as SettingMeta
  const json = z.toJSONSchema(schema) as {
    type?: string
    minimum?: number
    maximum?: number
    exclusiveMinimum?: number
    exclusiveMaximum?: number
    enum?: unknown[]
  }
  const kind = json.type === 'boolean' ? 'boolean' : json.enum ? 'choice' : 'number'
  return {
    ...meta,
    key,
    kind,
    flag: meta.flag ?? kebab(key),
    min: json.minimum,
    max: json.maximum,
    above: json.exclusiveMinimum,
    below: json.exclusiveMaximum,
    integer: json.type === 'integer',
  }
}

export const HYPERPARAMETER_FIELDS: readonly HyperparameterField[] = HYPERPARAMETER_KEYS.map(fieldOf)

/** Whether a setting means something for a config (Adam's betas not for RMSprop, n_critic not for BCE, …). */
export function appliesTo(
  field: Pick<HyperparameterField, 'onlyFor'>,
  trained: Pick<TrainConfig, 'loss' | 'optimizer'>,
): boolean {
  if (field.onlyFor === 'adam') return trained.optimizer.kind === 'adam'
  return field.onlyFor === undefined || field.onlyFor === trained.loss
}

/**
 * The hyperparameters a stored config holds (a run's `config`, a preset): each that its schema accepts. A config
 * without D's learning rate trains D at G's, so that is what it reads as.
 */
export function hyperparametersOf(stored: TrainConfig | Record<string, unknown>): Hyperparameters {
  const values: Record<string, unknown> = {}
  for (const key of HYPERPARAMETER_KEYS) {
    const value = configPath(key).reduce<unknown>(
      (node, part) => (node as Record<string, unknown> | undefined)?.[part],
      stored,
    )
    if (value !== undefined && hyperparameters.shape[key].safeParse(value).success) values[key] = value
  }
  const chosen = values as Hyperparameters
  return chosen.learningRate === undefined
    ? chosen
    : { ...chosen, dLearningRate: discriminatorLr({ lr: chosen.learningRate, dLr: chosen.dLearningRate }) }
}

/**
 * A preset's config with the user's hyperparameters set (a change of loss brings that loss's optimiser first).
 * Adam's betas are left out where the optimiser is not Adam; the result is validated by the caller.
 */
export function withHyperparameters(base: TrainConfig, chosen: Hyperparameters): TrainConfig {
  const result = structuredClone(configWithLoss(base, chosen.loss))
  for (const field of HYPERPARAMETER_FIELDS) {
    const value = chosen[field.key]
    if (value === undefined || field.key === 'loss' || (field.onlyFor === 'adam' && result.optimizer.kind !== 'adam'))
      continue
    const path = configPath(field.key)
    const parent = path
      .slice(0, -1)
      .reduce<Record<string, unknown>>(
        (node, part) => node[part] as Record<string, unknown>,
        result as unknown as Record<string, unknown>,
      )
    parent[path.at(-1)!] = value
  }
  return result
}

/** What differs from `before` in `after`, with its value there (a resume's segment: G's rate lowered lowers D's too when D follows it). */
export function changedHyperparameters(before: TrainConfig, after: TrainConfig): Hyperparameters {
  const was = hyperparametersOf(before)
  const now = hyperparametersOf(after)
  return Object.fromEntries(
    HYPERPARAMETER_KEYS.filter((key) => now[key] !== undefined && now[key] !== was[key]).map((key) => [key, now[key]]),
  ) as Hyperparameters
}

/** What a run trained with at `step`: what it started with, and the changes of its segments (resumes) up to there. */
export function hyperparametersAt(
  run: { hyperparameters: Hyperparameters; segments: readonly { fromStep: number; changes: Hyperparameters }[] },
  step: number,
): Hyperparameters {
  return run.segments
    .filter((segment) => segment.fromStep <= step)
    .reduce<Hyperparameters>((values, segment) => ({ ...values, ...segment.changes }), run.hyperparameters)
}
