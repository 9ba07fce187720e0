/**
 * A run's training state on tfjs: G, D, their optimisers, the run's TrainingPlan and the step count. `step()` runs
 * one step of the configured loss (gan-steps.ts) on the batches the plan names.
 *
 * - Which images each batch holds comes from the plan (the run's frozen images, each epoch's shuffle); flips and
 *   latent noise come from one seeded Rng whose state is part of the snapshot, so a restored run continues
 *   bit-for-bit like an uninterrupted one on the same backend.
 * - A generator EMA (generator-ema.ts) follows G after every G update; previews, the latent studio and exports use
 *   it (`raw` asks for G itself). Its variables are saved beside G's; its batch-norm statistics are recomputed from
 *   latents of their own seeded stream, so they take nothing from the training stream.
 * - DiffAugment (diff-augment.ts) at strength p augments the real and fake batches before D in both losses, its draws
 *   from the same Rng; p is off, fixed, or steered by E[sign(D(real))] (ADA), and its state is part of the snapshot.
 * - A step whose loss or new weights are NaN/Inf is refused: weights and step count are left unchanged and the
 *   metrics carry `nonFinite` so the caller can stop without saving broken weights.
 */
import * as tf from './tf'
import { fillBatch, validateDataset } from './dataset'
import type { Dataset } from './dataset'
import { bceStep, wganStep, type GanStepOutcome, type NonFinite } from './gan-steps'
import { buildDiscriminator, buildGenerator, disposeNetwork, generateImages } from './models'
import type { ModelConfig, Network } from './models'
import { Optimizer } from './optimizers'
import type { OptimizerConfig } from './optimizers'
import { parseTrainConfig } from './presets'
import type { TrainConfig } from './presets'
import { discriminatorLr } from '../../src-shared/contract/train-config'
import { Rng } from '../../src-shared/rng'
import type { RngState } from '../../src-shared/rng'
import { TrainingPlan, type TrainingPlanJson } from './training-plan'
import { EMA_STATS_LATENTS, GeneratorEma } from './generator-ema'
import { augmentModeOf, diffAugment, drawAugment, initialAugmentState, nextAugmentState } from './diff-augment'
import type { AugmentMode, AugmentState } from './diff-augment'

export const FIXED_NOISE_COUNT = 64
const RNG_STREAM_TRAIN = 0
const RNG_STREAM_FIXED_NOISE = 1
const RNG_STREAM_INIT = 2
const RNG_STREAM_EMA_STATS = 3

export interface StepMetrics extends GanStepOutcome {
  /** steps completed after this one */
  step: number
  /** the (0-based) epoch this step belongs to */
  epoch: number
  stepMs: number
  /** augmentation strength used by this step (0: none) */
  augmentP: number
  /** real images consumed by this step */
  images: number
}

export interface TensorRecord {
  name: string
  shape: number[]
  data: Float32Array
}

/** Everything needed to resume training exactly (see checkpoint.ts for the on-disk form). */
export interface TrainerSnapshot {
  config: TrainConfig
  plan: TrainingPlanJson
  /** steps completed */
  step: number
  rng: RngState
  optimizerSteps: { g: number; d: number }
  augment: AugmentState
  /** the trainer's saved variables (G params + BN buffers, D params), optimizer slots (`opt.g.m/<param>` …) */
  tensors: TensorRecord[]
}

export interface StepResult {
  metrics: StepMetrics
  /** the step completed an epoch of the plan */
  epochEnded: boolean
}

/** The 64 latent vectors every run with this seed previews with. */
export function fixedNoise(seed: number, zDim: number, count = FIXED_NOISE_COUNT): Float32Array {
  return new Rng(seed, RNG_STREAM_FIXED_NOISE).fillNormal(new Float32Array(count * zDim))
}

export function modelConfigOf(c: TrainConfig): ModelConfig {
  return { arch: c.arch, imageSize: c.imageSize, channels: c.channels, zDim: c.zDim, baseChannels: c.baseChannels }
}

export class Trainer {
  readonly config: TrainConfig
  readonly plan: TrainingPlan
  readonly g: Network
  readonly d: Network
  readonly optG: Optimizer
  readonly optD: Optimizer
  readonly fixedNoise: Float32Array
  readonly ema: GeneratorEma
  readonly augmentMode: AugmentMode
  augment: AugmentState
  /** steps completed */
  stepsDone = 0
  private rng: Rng
  private dataset: Dataset
  private realBuf: Float32Array
  private disposed = false

  /** `dataset` holds the plan's images in the plan's order (without a plan: all of them, for one epoch). */
  constructor(config: TrainConfig, dataset: Dataset, plan?: TrainingPlan) {
    validateDataset(dataset)
    this.config = parseTrainConfig(config, dataset)
    this.plan =
      plan ??
      TrainingPlan.of(
        this.config,
        Array.from({ length: dataset.count }, (_, index) => index),
        1,
      )
    if (this.plan.imageCount !== dataset.count)
      throw new Error(`the training plan lists ${this.plan.imageCount} images, the dataset holds ${dataset.count}`)
    this.dataset = dataset
    const mc = modelConfigOf(this.config)
    const initRng = new Rng(this.config.seed, RNG_STREAM_INIT)
    this.g = buildGenerator(mc, initRng)
    this.d = buildDiscriminator(mc, initRng)
    this.ema = new GeneratorEma(
      this.g,
      new Rng(this.config.seed, RNG_STREAM_EMA_STATS).fillNormal(
        new Float32Array(EMA_STATS_LATENTS * this.config.zDim),
      ),
    )
    this.augmentMode = augmentModeOf(this.config, dataset.count)
    this.augment = initialAugmentState(this.augmentMode)
    const opt = this.config.optimizer as OptimizerConfig
    this.optG = new Optimizer(opt, this.g.params)
    this.optD = new Optimizer({ ...opt, lr: discriminatorLr(this.config.optimizer) }, this.d.params)
    this.fixedNoise = fixedNoise(this.config.seed, this.config.zDim)
    this.rng = new Rng(this.config.seed, RNG_STREAM_TRAIN)
    const c = this.config
    this.realBuf = new Float32Array(c.batchSize * c.imageSize * c.imageSize * c.channels)
  }

  /** Epochs of the plan completed. */
  get epochsDone(): number {
    return this.plan.epochsDone(this.stepsDone)
  }

  /** Real images consumed so far. */
  get imagesSeen(): number {
    return this.stepsDone * this.plan.imagesPerStep
  }

  /**
   * The variables a checkpoint saves and restores, by name. Per-run state that lives in tensors goes here (and
   * counters into TrainerSnapshot), so snapshot and restore stay one list.
   */
  private savedVariables(): { name: string; v: tf.Variable }[] {
    return [...this.g.params, ...this.g.buffers, ...this.d.params, ...this.ema.variables()]
  }

  /** Real batch `k` of the coming step, as the plan orders it. */
  private realBatch(k: number): tf.Tensor4D {
    const c = this.config
    const B = c.batchSize
    const idx = this.plan.batch(this.stepsDone, k)
    let flips: Uint8Array | null = null
    if (c.flip) {
      flips = new Uint8Array(B)
      for (let i = 0; i < B; i++) flips[i] = this.rng.uniform() < 0.5 ? 1 : 0
    }
    // Backends that copy on upload (wasm, tensorflow) let us reuse one buffer; cpu and webgpu keep
    // a reference to the array, so they get a fresh one.
    const reuse = tf.getBackend() === 'wasm' || tf.getBackend() === 'tensorflow'
    const buf = reuse ? this.realBuf : new Float32Array(this.realBuf.length)
    fillBatch(this.dataset, idx, flips, buf)
    return tf.tensor4d(buf, [B, c.imageSize, c.imageSize, c.channels], 'float32')
  }

  private noise(n: number): tf.Tensor2D {
    const z = this.rng.fillNormal(new Float32Array(n * this.config.zDim))
    return tf.tensor2d(z, [n, this.config.zDim], 'float32')
  }

  /**
   * One training step (BCE: D then G; WGAN: nCritic critic updates then G). A refused step (metrics.nonFinite)
   * leaves the weights and the step count as they were.
   */
  async step(): Promise<StepResult> {
    if (this.disposed) throw new Error('trainer is disposed')
    const t0 = performance.now()
    const epoch = this.epochsDone
    const p = this.augment.p
    const parts = {
      config: this.config,
      g: this.g,
      d: this.d,
      optG: this.optG,
      optD: this.optD,
      realBatch: (k: number) => this.realBatch(k),
      noise: (n: number) => this.noise(n),
      // at p = 0 nothing is drawn and D sees the batch as it is
      augment: (x: tf.Tensor4D) => diffAugment(x, drawAugment(this.rng, x.shape[0], this.config.imageSize, p)),
    }
    const outcome = await (this.config.loss === 'wgan' ? wganStep(parts) : bceStep(parts))
    if (!outcome.nonFinite) {
      this.augment = nextAugmentState(this.augmentMode, this.augment, outcome.realSign, this.config.batchSize)
      this.ema.update(this.stepsDone)
      this.stepsDone++
    }
    const metrics = {
      ...outcome,
      step: this.stepsDone,
      epoch,
      images: this.plan.imagesPerStep,
      stepMs: performance.now() - t0,
      augmentP: p,
    }
    return { metrics, epochEnded: !outcome.nonFinite && this.plan.endsEpoch(this.stepsDone) }
  }

  /** Images from latent vectors (see generateImages), in chunks of 64 by default; from the EMA unless `raw`. */
  generate(
    latents: Float32Array,
    opts: { training?: boolean; chunk?: number; raw?: boolean } = {},
  ): Promise<Uint8Array> {
    const { raw, ...rest } = opts
    return generateImages(raw ? this.g : this.ema.net, latents, { chunk: 64, ...rest })
  }

  /** The preview grid for this run's seed (64 images). */
  generateFixed(): Promise<Uint8Array> {
    return this.generate(this.fixedNoise)
  }

  async snapshot(): Promise<TrainerSnapshot> {
    const tensors: TensorRecord[] = []
    for (const { name, v } of this.savedVariables())
      tensors.push({ name, shape: v.shape.slice(), data: ((await v.data()) as Float32Array).slice() })
    for (const [key, opt] of [
      ['g', this.optG],
      ['d', this.optD],
    ] as const) {
      const st = await opt.getState()
      for (const [slot, arrs] of Object.entries(st.slots)) {
        arrs.forEach((a, i) =>
          tensors.push({
            name: `opt.${key}.${slot}/${opt.params[i]!.name}`,
            shape: opt.params[i]!.v.shape.slice(),
            data: a,
          }),
        )
      }
    }
    return {
      config: structuredClone(this.config),
      plan: structuredClone(this.plan.json) as TrainingPlanJson,
      step: this.stepsDone,
      rng: this.rng.getState(),
      optimizerSteps: { g: this.optG.step, d: this.optD.step },
      augment: { ...this.augment },
      tensors,
    }
  }

  /** A trainer that continues exactly where `snap` left off, under `plan` (the snapshot's own when not given). */
  static fromSnapshot(snap: TrainerSnapshot, dataset: Dataset, plan = TrainingPlan.fromJson(snap.plan)): Trainer {
    const mismatch = plan.mismatch(TrainingPlan.fromJson(snap.plan))
    if (mismatch) throw new Error(`the snapshot does not belong to this run: ${mismatch}`)
    const t = new Trainer(snap.config, dataset, plan)
    try {
      t.restore(snap)
    } catch (e) {
      t.dispose()
      throw e
    }
    return t
  }

  private restore(snap: TrainerSnapshot): void {
    const byName = new Map(snap.tensors.map((r) => [r.name, r]))
    const take = (name: string, v: tf.Variable) => {
      const r = byName.get(name)
      if (!r) throw new Error(`snapshot lacks tensor ${name}`)
      if (r.shape.length !== v.shape.length || r.shape.some((d, i) => d !== v.shape[i]) || r.data.length !== v.size) {
        throw new Error(`snapshot tensor ${name} has shape [${r.shape}], the model needs [${v.shape}]`)
      }
      tf.tidy(() => v.assign(tf.tensor(r.data, v.shape, 'float32')))
    }
    for (const { name, v } of this.savedVariables()) take(name, v)
    for (const [key, opt] of [
      ['g', this.optG],
      ['d', this.optD],
    ] as const) {
      const slots: Record<string, Float32Array[]> = {}
      for (const slot of opt.slotNames) {
        slots[slot] = opt.params.map((p) => {
          const r = byName.get(`opt.${key}.${slot}/${p.name}`)
          if (!r) throw new Error(`snapshot lacks optimizer slot opt.${key}.${slot}/${p.name}`)
          return r.data
        })
      }
      opt.setState({ kind: opt.config.kind, step: snap.optimizerSteps[key], slots })
    }
    this.stepsDone = snap.step
    this.augment = { ...snap.augment }
    this.rng.setState(snap.rng)
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    disposeNetwork(this.g)
    disposeNetwork(this.d)
    this.ema.dispose()
    this.optG.dispose()
    this.optD.dispose()
  }
}

export type { NonFinite, OptimizerConfig }
