/**
 * Training configuration: zod schema, the named presets and cross-field validation with
 * messages meant for people (the UI shows them as-is).
 */
import { validationIssues, type ValidationIssue } from '../../src-shared/contract/errors'
import {
  CONFIG_BEFORE_AUGMENTATION,
  PRESETS,
  trainConfigSchema,
  type TrainConfig,
} from '../../src-shared/contract/train-config'
import type { PresetName } from '../../src-shared/contract/runs'
import type { Dataset } from './dataset'
import { samplingLayers } from './models'

export { PRESETS, PRESET_GUIDES, trainConfigSchema, type TrainConfig } from '../../src-shared/contract/train-config'
export type { PresetName } from '../../src-shared/contract/runs'

export function preset(name: PresetName, overrides: Partial<TrainConfig> = {}): TrainConfig {
  const base = PRESETS[name]
  if (!base) throw new Error(`unknown preset '${name}' (known: ${Object.keys(PRESETS).join(', ')})`)
  return parseTrainConfig({ ...base, ...overrides })
}

export class ConfigError extends Error {
  /** each problem with the path of the setting it is about, in the config (['optimizer', 'lr']) */
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((issue) => issue.message).join('; '))
    this.name = 'ConfigError'
  }
}

/** Parses and validates a config (throws ConfigError listing every problem). */
export function parseTrainConfig(input: unknown, dataset?: Pick<Dataset, 'count' | 'size' | 'channels'>): TrainConfig {
  const r = trainConfigSchema.safeParse(
    isRecord(input) && !('augment' in input) ? { ...CONFIG_BEFORE_AUGMENTATION, ...input } : input,
  )
  if (!r.success) {
    throw new ConfigError(validationIssues(r.error.issues))
  }
  const issues = checkConfig(r.data, dataset)
  if (issues.length) throw new ConfigError(issues)
  return r.data
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Cross-field checks; returns human-readable problems, each on the setting it is about (empty when fine). */
export function checkConfig(c: TrainConfig, dataset?: Pick<Dataset, 'count' | 'size' | 'channels'>): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const problem = (path: string, message: string) => issues.push({ path: [path], message })
  try {
    samplingLayers(c.imageSize)
  } catch (e) {
    problem('imageSize', (e as Error).message)
  }
  if (c.loss === 'wgan' && c.optimizer.kind !== 'rmsprop')
    problem('optimizer', 'WGAN training uses RMSprop (weight clipping makes momentum-based Adam unstable)')
  if (c.loss === 'bce' && c.optimizer.kind !== 'adam') problem('optimizer', 'DCGAN (bce) training uses Adam')
  const topChannels = c.baseChannels * 2 ** (Math.max(2, Math.log2(c.imageSize) - 2) - 1)
  if (topChannels > 4096)
    problem(
      'baseChannels',
      `base channels ${c.baseChannels} at ${c.imageSize}px makes a ${topChannels}-channel layer; lower base channels`,
    )
  if (dataset) {
    if (dataset.size !== c.imageSize) {
      problem(
        'imageSize',
        `the dataset's images are ${dataset.size}×${dataset.size} but the ${c.arch} model at this preset needs ${c.imageSize}×${c.imageSize}; re-import at ${c.imageSize}px or pick another preset`,
      )
    }
    if (dataset.channels !== c.channels) {
      problem(
        'channels',
        `the dataset has ${dataset.channels} channel(s) but the model is set to ${c.channels} (${c.channels === 1 ? 'grayscale' : 'RGB'})`,
      )
    }
    if (c.batchSize > dataset.count) {
      problem(
        'batchSize',
        `batch size ${c.batchSize} is larger than the dataset (${dataset.count} images); use a batch of at most ${dataset.count} or add images`,
      )
    } else if (c.loss === 'wgan' && c.batchSize * c.nCritic > dataset.count) {
      problem(
        'nCritic',
        `a WGAN step takes ${c.nCritic} critic batches of ${c.batchSize} (${c.batchSize * c.nCritic} images), more than the dataset's ${dataset.count}; lower n_critic or the batch size`,
      )
    }
  }
  return issues
}
