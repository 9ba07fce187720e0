import type { Hyperparameters, PresetName } from '../../../src-main/contract/runs'

/**
 * What the renderer needs to know about each preset. Copied from src-main/engine/presets.ts (PRESETS and
 * PRESET_DESCRIPTIONS), which the renderer must not import (it pulls in TensorFlow): keep the two in step.
 */
export interface PresetInfo {
  description: string
  imageSize: number
  loss: 'bce' | 'wgan'
  optimizer: 'adam' | 'rmsprop'
  defaults: Required<Hyperparameters>
}

const ADAM = { learningRate: 2e-4, beta1: 0.5, beta2: 0.999 }

export const PRESET_INFO: Record<PresetName, PresetInfo> = {
  'paper-64': {
    description: "The DCGAN paper's 64×64 model (5 layers, 64 base channels), Adam 2e-4/0.5, batch 64",
    imageSize: 64,
    loss: 'bce',
    optimizer: 'adam',
    defaults: { batchSize: 64, zDim: 100, baseChannels: 64, ...ADAM, realLabel: 0.9, flip: true, nCritic: 5, clip: 0.01 },
  },
  'compact-32': {
    description: 'Compact 32×32 model of the face tutorials (FC + 3 transposed convs, conv_dim 32), batch 64',
    imageSize: 32,
    loss: 'bce',
    optimizer: 'adam',
    defaults: { batchSize: 64, zDim: 100, baseChannels: 32, ...ADAM, realLabel: 0.9, flip: true, nCritic: 5, clip: 0.01 },
  },
  'wgan-64': {
    description: 'Paper 64×64 architecture trained as a WGAN: critic without sigmoid, weight clipping 0.01, 5 critic steps, RMSprop 5e-5',
    imageSize: 64,
    loss: 'wgan',
    optimizer: 'rmsprop',
    // RMSprop has no betas: the form disables them for this preset.
    defaults: { batchSize: 64, zDim: 100, baseChannels: 64, learningRate: 5e-5, beta1: 0.5, beta2: 0.999, realLabel: 1, flip: true, nCritic: 5, clip: 0.01 },
  },
  quick: {
    description: 'Tiny 32×32 model (conv_dim 8, batch 16) for trying things out and tests',
    imageSize: 32,
    loss: 'bce',
    optimizer: 'adam',
    defaults: { batchSize: 16, zDim: 32, baseChannels: 8, ...ADAM, realLabel: 0.9, flip: true, nCritic: 2, clip: 0.01 },
  },
}

/** The hyperparameters a run was trained with, read back from its stored config (`runs.get(...).config`). */
export function hyperparametersFromConfig(config: Record<string, unknown>): Hyperparameters {
  const optimizer = (config.optimizer ?? {}) as Record<string, unknown>
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined)
  const result: Hyperparameters = {
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
