/**
 * Training configurations as data: the zod schema of a run's config and the named presets. Plain
 * data, no TensorFlow, so the renderer shows the same defaults the engine trains with.
 */
import { z } from 'zod'
import type { PresetName } from './runs'

const adamSchema = z.object({
  kind: z.literal('adam'),
  lr: z.number().positive().max(1),
  beta1: z.number().min(0).lt(1),
  beta2: z.number().min(0).lt(1),
  eps: z.number().positive().max(1),
})
const rmspropSchema = z.object({
  kind: z.literal('rmsprop'),
  lr: z.number().positive().max(1),
  alpha: z.number().min(0).lt(1),
  eps: z.number().positive().max(1),
})

export const trainConfigSchema = z.object({
  arch: z.enum(['compact', 'paper']),
  imageSize: z
    .number()
    .int()
    .refine((s) => [16, 32, 64, 128].includes(s), { message: 'image size must be 16, 32, 64 or 128 pixels' }),
  channels: z.union([z.literal(1), z.literal(3)]),
  zDim: z.number().int().min(1).max(1024),
  baseChannels: z.number().int().min(1).max(512),
  batchSize: z.number().int().min(2, 'batch size must be at least 2 (batch norm needs 2 images)').max(1024),
  loss: z.enum(['bce', 'wgan']),
  optimizer: z.discriminatedUnion('kind', [adamSchema, rmspropSchema]),
  /** target for real images in the D loss (one-sided label smoothing); 1 disables. BCE only. */
  realLabel: z.number().min(0.5).max(1),
  /** random horizontal flip of each real image */
  flip: z.boolean(),
  /** WGAN: critic updates per generator update */
  nCritic: z.number().int().min(1).max(100),
  /** WGAN: critic weights are clipped to ±clip */
  clip: z.number().positive().max(10),
  seed: z.number().int().min(0).max(0xffffffff),
})

export type TrainConfig = z.infer<typeof trainConfigSchema>

const adam = { kind: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999, eps: 1e-8 } as const

export const PRESETS: Record<PresetName, TrainConfig> = {
  'paper-64': {
    arch: 'paper', imageSize: 64, channels: 3, zDim: 100, baseChannels: 64, batchSize: 64, loss: 'bce',
    optimizer: adam, realLabel: 0.9, flip: true, nCritic: 5, clip: 0.01, seed: 0,
  },
  'compact-32': {
    arch: 'compact', imageSize: 32, channels: 3, zDim: 100, baseChannels: 32, batchSize: 64, loss: 'bce',
    optimizer: adam, realLabel: 0.9, flip: true, nCritic: 5, clip: 0.01, seed: 0,
  },
  'wgan-64': {
    arch: 'paper', imageSize: 64, channels: 3, zDim: 100, baseChannels: 64, batchSize: 64, loss: 'wgan',
    optimizer: { kind: 'rmsprop', lr: 5e-5, alpha: 0.99, eps: 1e-8 }, realLabel: 1, flip: true, nCritic: 5, clip: 0.01, seed: 0,
  },
  quick: {
    arch: 'compact', imageSize: 32, channels: 3, zDim: 32, baseChannels: 8, batchSize: 16, loss: 'bce',
    optimizer: adam, realLabel: 0.9, flip: true, nCritic: 2, clip: 0.01, seed: 0,
  },
}

export const PRESET_DESCRIPTIONS: Record<PresetName, string> = {
  'paper-64': "The DCGAN paper's 64×64 model (5 layers, 64 base channels), Adam 2e-4/0.5, batch 64",
  'compact-32': 'Compact 32×32 model of the face tutorials (FC + 3 transposed convs, conv_dim 32), batch 64',
  'wgan-64': 'Paper 64×64 architecture trained as a WGAN: critic without sigmoid, weight clipping 0.01, 5 critic steps, RMSprop 5e-5',
  quick: 'Tiny 32×32 model (conv_dim 8, batch 16) for trying things out and tests',
}

/**
 * A preset's config switched to the other loss, with that loss's optimiser and label defaults from the presets
 * that use it (Adam 2e-4/0.5 and smoothing 0.9 for BCE; RMSprop 5e-5 and no smoothing for WGAN).
 */
export function configWithLoss(config: TrainConfig, loss: TrainConfig['loss'] | undefined): TrainConfig {
  if (loss === undefined || loss === config.loss) return config
  const model = PRESETS[loss === 'wgan' ? 'wgan-64' : 'paper-64']
  return { ...config, loss, optimizer: model.optimizer, realLabel: model.realLabel }
}
