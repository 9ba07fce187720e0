/**
 * Training configuration: zod schema, the named presets and cross-field validation with
 * messages meant for people (the UI shows them as-is).
 */
import { PRESETS, trainConfigSchema, type TrainConfig } from '../../src-shared/contract/train-config'
import type { PresetName } from '../../src-shared/contract/runs'
import type { Dataset } from './dataset'
import { samplingLayers } from './models'

export { PRESETS, PRESET_DESCRIPTIONS, trainConfigSchema, type TrainConfig } from '../../src-shared/contract/train-config'
export type { PresetName } from '../../src-shared/contract/runs'

export function preset(name: PresetName, overrides: Partial<TrainConfig> = {}): TrainConfig {
  const base = PRESETS[name]
  if (!base) throw new Error(`unknown preset '${name}' (known: ${Object.keys(PRESETS).join(', ')})`)
  return parseTrainConfig({ ...base, ...overrides })
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('; '))
    this.name = 'ConfigError'
  }
}

/** Parses and validates a config (throws ConfigError listing every problem). */
export function parseTrainConfig(input: unknown, dataset?: Pick<Dataset, 'count' | 'size' | 'channels'>): TrainConfig {
  const r = trainConfigSchema.safeParse(input)
  if (!r.success) {
    throw new ConfigError(r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)))
  }
  const issues = checkConfig(r.data, dataset)
  if (issues.length) throw new ConfigError(issues)
  return r.data
}

/** Cross-field checks; returns human-readable problems (empty when fine). */
export function checkConfig(c: TrainConfig, dataset?: Pick<Dataset, 'count' | 'size' | 'channels'>): string[] {
  const issues: string[] = []
  try {
    samplingLayers(c.imageSize)
  } catch (e) {
    issues.push((e as Error).message)
  }
  if (c.loss === 'wgan' && c.optimizer.kind !== 'rmsprop') issues.push('WGAN training uses RMSprop (weight clipping makes momentum-based Adam unstable)')
  if (c.loss === 'bce' && c.optimizer.kind !== 'adam') issues.push('DCGAN (bce) training uses Adam')
  const topChannels = c.baseChannels * 2 ** (Math.max(2, Math.log2(c.imageSize) - 2) - 1)
  if (topChannels > 4096) issues.push(`base channels ${c.baseChannels} at ${c.imageSize}px makes a ${topChannels}-channel layer; lower base channels`)
  if (dataset) {
    if (dataset.size !== c.imageSize) {
      issues.push(`the dataset's images are ${dataset.size}×${dataset.size} but the ${c.arch} model at this preset needs ${c.imageSize}×${c.imageSize}; re-import at ${c.imageSize}px or pick another preset`)
    }
    if (dataset.channels !== c.channels) {
      issues.push(`the dataset has ${dataset.channels} channel(s) but the model is set to ${c.channels} (${c.channels === 1 ? 'grayscale' : 'RGB'})`)
    }
    if (c.batchSize > dataset.count) {
      issues.push(`batch size ${c.batchSize} is larger than the dataset (${dataset.count} images); use a batch of at most ${dataset.count} or add images`)
    }
  }
  return issues
}
