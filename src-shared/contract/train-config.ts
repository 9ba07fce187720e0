/**
 * Training configurations as data: the zod schema of a run's config and the named presets. Plain
 * data, no TensorFlow, so the renderer shows the same defaults the engine trains with.
 */
import { z } from 'zod'
import type { PresetName } from './runs'

/**
 * How a setting is shown to people: the New run form's label, help and step, the CLI flag (`flag`, else the key in
 * kebab-case) and its help, and when it means nothing (`onlyFor`). Read back with `settingMeta` (hyperparameters.ts).
 */
export interface SettingMeta {
  title: string
  description: string
  step?: number
  flag?: string
  onlyFor?: 'adam' | 'bce' | 'wgan'
  /** an enum's values, in words */
  options?: Record<string, string>
}
const setting = <S extends z.ZodType>(schema: S, meta: SettingMeta): S => schema.meta({ ...meta })

const learningRate = setting(z.number().positive().max(1), {
  title: 'Learning rate',
  description: "The generator's optimizer step size; the discriminator's too unless D learning rate is set.",
  step: 1e-5,
  flag: 'lr',
})
/** D's own step size (two-timescale update rule, Heusel et al. 2017); a config without it trains D at G's rate. */
const discriminatorLearningRate = setting(z.number().positive().max(1), {
  title: 'D learning rate',
  description:
    "The discriminator's optimizer step size (two time-scale update rule); blank: the same as the learning rate.",
  step: 1e-5,
  flag: 'd-lr',
})

export const adamSchema = z.object({
  kind: z.literal('adam'),
  lr: learningRate,
  dLr: discriminatorLearningRate.optional(),
  beta1: setting(z.number().min(0).lt(1), {
    title: 'Beta1',
    description: "Adam's momentum; the DCGAN paper lowers it to 0.5 for stability (Adam only).",
    step: 0.05,
    onlyFor: 'adam',
  }),
  beta2: setting(z.number().min(0).lt(1), {
    title: 'Beta2',
    description: "Adam's decay of squared gradients (Adam only).",
    step: 0.001,
    onlyFor: 'adam',
  }),
  eps: z.number().positive().max(1),
})
const rmspropSchema = z.object({
  kind: z.literal('rmsprop'),
  lr: learningRate,
  dLr: discriminatorLearningRate.optional(),
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
  zDim: setting(z.number().int().min(1).max(1024), {
    title: 'z size',
    description: 'Length of the random latent vector each face is generated from.',
  }),
  baseChannels: setting(z.number().int().min(1).max(512), {
    title: 'Base channels',
    description: 'Width of both networks: feature maps of the first layer, doubled per layer.',
  }),
  batchSize: setting(
    z
      .number()
      .int()
      .min(2, 'batch size must be at least 2 (batch norm needs 2 images)')
      .max(1024, 'batch size must be at most 1024'),
    {
      title: 'Batch size',
      description: 'Images per training step; at most the number of images in the dataset.',
      flag: 'batch',
    },
  ),
  loss: setting(z.enum(['bce', 'wgan']), {
    title: 'Loss',
    description:
      "How D scores images: BCE is the DCGAN paper's; WGAN trains a critic with clipped weights, several critic steps per G step.",
    options: { bce: 'BCE on logits (DCGAN, Adam)', wgan: 'WGAN (weight clipping, n_critic, RMSprop)' },
  }),
  optimizer: z.discriminatedUnion('kind', [adamSchema, rmspropSchema]),
  /** target for real images in the D loss (one-sided label smoothing); 1 disables. BCE only. */
  realLabel: setting(z.number().min(0.5).max(1), {
    title: 'Real-label smoothing',
    description: "D's target for real images; below 1 keeps D from growing over-confident (BCE only).",
    step: 0.05,
    onlyFor: 'bce',
  }),
  flip: setting(z.boolean(), {
    title: 'Random horizontal flip',
    description: 'Mirror real images at random for more variety from the same photos.',
  }),
  nCritic: setting(z.number().int().min(1).max(100), {
    title: 'WGAN n_critic',
    description: 'Critic updates per generator update (WGAN only).',
    onlyFor: 'wgan',
  }),
  clip: setting(z.number().positive().max(10), {
    title: 'WGAN clip',
    description: 'Critic weights are clipped to ±clip after each update (WGAN only).',
    step: 0.005,
    onlyFor: 'wgan',
  }),
  augment: setting(z.enum(['auto', 'adaptive', 'fixed', 'off']), {
    title: 'Augmentation',
    description:
      'Random colour, shift and cutout on every image D sees (DiffAugment), so it cannot memorise a small folder. Adaptive starts at 0 and grows only once D starts to overfit; auto is adaptive below 2,000 photos (BCE), off otherwise.',
    options: {
      auto: 'Auto (adaptive below 2,000 photos)',
      adaptive: 'Adaptive (grows when D overfits)',
      fixed: 'Fixed strength',
      off: 'Off',
    },
  }),
  augmentP: setting(z.number().min(0).max(1), {
    title: 'Augmentation strength',
    description: 'Chance of each transform per image when augmentation is fixed (0 to 1).',
    step: 0.05,
  }),
  seed: z.number().int().min(0).max(0xffffffff),
})

export type TrainConfig = z.infer<typeof trainConfigSchema>

/** The discriminator's learning rate: its own when set, else the generator's (every run before it could be set). */
export function discriminatorLr(optimizer: { lr: number; dLr?: number }): number {
  return optimizer.dLr ?? optimizer.lr
}

/** What a config stored before augmentation existed means: its run trained without it. */
export const CONFIG_BEFORE_AUGMENTATION = { augment: 'off', augmentP: 0.2 } as const satisfies Partial<TrainConfig>

const adam = { kind: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999, eps: 1e-8 } as const

export const PRESETS: Record<PresetName, TrainConfig> = {
  'paper-64': {
    arch: 'paper',
    imageSize: 64,
    channels: 3,
    zDim: 100,
    baseChannels: 64,
    batchSize: 64,
    loss: 'bce',
    optimizer: adam,
    realLabel: 0.9,
    flip: true,
    nCritic: 5,
    clip: 0.01,
    augment: 'auto',
    augmentP: 0.2,
    seed: 0,
  },
  'compact-32': {
    arch: 'compact',
    imageSize: 32,
    channels: 3,
    zDim: 100,
    baseChannels: 32,
    batchSize: 32,
    loss: 'bce',
    optimizer: adam,
    realLabel: 0.9,
    flip: true,
    nCritic: 5,
    clip: 0.01,
    augment: 'auto',
    augmentP: 0.2,
    seed: 0,
  },
  'wgan-64': {
    arch: 'paper',
    imageSize: 64,
    channels: 3,
    zDim: 100,
    baseChannels: 64,
    batchSize: 64,
    loss: 'wgan',
    optimizer: { kind: 'rmsprop', lr: 5e-5, alpha: 0.99, eps: 1e-8 },
    realLabel: 1,
    flip: true,
    nCritic: 5,
    clip: 0.01,
    augment: 'auto',
    augmentP: 0.2,
    seed: 0,
  },
  quick: {
    arch: 'compact',
    imageSize: 32,
    channels: 3,
    zDim: 32,
    baseChannels: 8,
    batchSize: 16,
    loss: 'bce',
    optimizer: adam,
    realLabel: 0.9,
    flip: true,
    nCritic: 2,
    clip: 0.01,
    augment: 'auto',
    augmentP: 0.2,
    seed: 0,
  },
}

/**
 * A preset in words: `summary` for a hobbyist, `technical` below it; how many training steps a first run of it is
 * planned for (`stepBudget`: the suggested epochs follow the dataset's size) and after about how many steps its
 * samples read as faces (`facesAfterSteps`; null where that was not measured or is not the point).
 * compact-32's figures are measured on the caltech faces (docs/benchmarks.md, "A first run that gives faces").
 */
export interface PresetGuide {
  summary: string
  technical: string
  stepBudget: number
  facesAfterSteps: number | null
}

export const PRESET_GUIDES: Record<PresetName, PresetGuide> = {
  'compact-32': {
    summary: 'Small and fast, 32×32 faces: the one to start with',
    technical:
      'Compact 32×32 model of the face tutorials (FC + 3 transposed convs, conv_dim 32), Adam 2e-4/0.5, batch 32',
    stepBudget: 2000,
    facesAfterSteps: 400,
  },
  'paper-64': {
    summary: 'Sharper 64×64 faces; about 15× slower per step, for long runs or a fast machine',
    technical: "The DCGAN paper's 64×64 model (5 layers, 64 base channels), Adam 2e-4/0.5, batch 64",
    stepBudget: 2000,
    facesAfterSteps: null,
  },
  'wgan-64': {
    summary: '64×64 faces with a different loss that fails less abruptly; slower still',
    technical:
      'Paper 64×64 architecture trained as a WGAN: critic without sigmoid, weight clipping 0.01, 5 critic steps, RMSprop 5e-5',
    stepBudget: 2000,
    facesAfterSteps: null,
  },
  quick: {
    summary: 'For trying the studio (seconds per run), not for faces',
    technical: 'Tiny 32×32 model (conv_dim 8, z 32, batch 16) for trying things out and tests',
    stepBudget: 300,
    facesAfterSteps: null,
  },
}

/** The preset a new run starts from: the one whose first run gives faces. */
export const DEFAULT_PRESET: PresetName = 'compact-32'

/** Suggested epochs are kept within these (a handful of photos would otherwise ask for thousands of tiny epochs). */
const SUGGESTED_EPOCHS = { min: 5, max: 400 } as const

/** Training steps per epoch: the trainer drops the last incomplete batch. */
export function stepsPerEpoch(images: number, batchSize: number): number {
  return Math.max(1, Math.floor(images / batchSize))
}

/** Epochs that spend a preset's step budget on a dataset of this many images at this batch size. */
export function suggestedEpochs(preset: PresetName, images: number, batchSize: number): number {
  const epochs = Math.round(PRESET_GUIDES[preset].stepBudget / stepsPerEpoch(images, batchSize))
  return Math.min(SUGGESTED_EPOCHS.max, Math.max(SUGGESTED_EPOCHS.min, epochs))
}

/** After about how many epochs faces start to appear (null when the preset has no measured figure). */
export function facesAfterEpochs(preset: PresetName, images: number, batchSize: number): number | null {
  const steps = PRESET_GUIDES[preset].facesAfterSteps
  return steps === null ? null : Math.max(1, Math.ceil(steps / stepsPerEpoch(images, batchSize)))
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
