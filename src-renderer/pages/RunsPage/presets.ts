import { PRESET_NAMES, type Hyperparameters, type PresetName } from '../../../src-shared/contract/runs'
import { configWithLoss, PRESETS, PRESET_DESCRIPTIONS, type TrainConfig } from '../../../src-shared/contract/train-config'

/** What the new-run form needs to know about each preset, read from the presets the engine trains with. */
export interface PresetInfo {
  description: string
  imageSize: number
  loss: 'bce' | 'wgan'
  optimizer: 'adam' | 'rmsprop'
  defaults: Required<Omit<Hyperparameters, 'loss'>>
}

/** Adam's betas where the optimiser has none (RMSprop): shown, disabled, in the form. */
const UNUSED_BETAS = { beta1: 0.5, beta2: 0.999 }

function presetInfo(name: PresetName, config: TrainConfig): PresetInfo {
  const { optimizer } = config
  return {
    description: PRESET_DESCRIPTIONS[name],
    imageSize: config.imageSize,
    loss: config.loss,
    optimizer: optimizer.kind,
    defaults: {
      batchSize: config.batchSize,
      zDim: config.zDim,
      baseChannels: config.baseChannels,
      learningRate: optimizer.lr,
      ...(optimizer.kind === 'adam' ? { beta1: optimizer.beta1, beta2: optimizer.beta2 } : UNUSED_BETAS),
      realLabel: config.realLabel,
      flip: config.flip,
      nCritic: config.nCritic,
      clip: config.clip,
    },
  }
}

const PRESET_INFO = Object.fromEntries(PRESET_NAMES.map((name) => [name, presetInfo(name, PRESETS[name])])) as Record<PresetName, PresetInfo>

/** A preset trained with the other loss (null: the preset's own), with that loss's optimiser defaults. */
export function presetWithLoss(name: PresetName, loss: TrainConfig['loss'] | null): PresetInfo {
  return loss === null ? PRESET_INFO[name] : presetInfo(name, configWithLoss(PRESETS[name], loss))
}

/** The hyperparameters a run was trained with, read back from its stored config (`runs.get(...).config`). */
export function hyperparametersFromConfig(config: Record<string, unknown>): Hyperparameters {
  const optimizer = (config.optimizer ?? {}) as Record<string, unknown>
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined)
  const result: Hyperparameters = {
    loss: config.loss === 'bce' || config.loss === 'wgan' ? config.loss : undefined,
    batchSize: number(config.batchSize),
    zDim: number(config.zDim),
    baseChannels: number(config.baseChannels),
    learningRate: number(optimizer.lr),
    beta1: number(optimizer.beta1),
    beta2: number(optimizer.beta2),
    realLabel: number(config.realLabel),
    flip: typeof config.flip === 'boolean' ? config.flip : undefined,
    nCritic: number(config.nCritic),
    clip: number(config.clip),
  }
  return Object.fromEntries(Object.entries(result).filter(([, value]) => value !== undefined)) as Hyperparameters
}
