/**
 * What a run trains on and when, decided once when the run is created: its frozen list of images, each epoch's
 * shuffle order, and the schedule. A step is one generator update; a WGAN step first takes `nCritic` critic updates,
 * each on its own real batch, so it consumes `nCritic` batches. An epoch is as many whole steps as its images fill
 * (the rest of the images wait for the next epoch's shuffle, like PyTorch's drop_last).
 */
import { z } from 'zod'
import { Rng } from '../../src-shared/rng'
import type { TrainConfig } from './presets'

const RNG_STREAM_SHUFFLE = 3

const planSchema = z.object({
  /** the dataset's image ids, in the order the run's dataset holds them */
  imageIds: z.array(z.number().int().nonnegative()).min(1),
  batchSize: z.number().int().min(1),
  batchesPerStep: z.number().int().min(1),
  epochs: z.number().int().min(1),
  seed: z.number().int(),
})

export type TrainingPlanJson = z.infer<typeof planSchema>

export class PlanError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PlanError'
  }
}

export class TrainingPlan {
  readonly stepsPerEpoch: number
  #orderEpoch = -1
  #order: Uint32Array = new Uint32Array(0)

  private constructor(readonly json: Readonly<TrainingPlanJson>) {
    const images = json.imageIds.length
    this.stepsPerEpoch = Math.floor(images / (json.batchSize * json.batchesPerStep))
    if (this.stepsPerEpoch < 1) {
      const perStep =
        json.batchesPerStep > 1
          ? `batch size ${json.batchSize} × ${json.batchesPerStep} critic updates = ${this.imagesPerStep} images`
          : `batch size ${json.batchSize}`
      throw new PlanError(`one training step needs ${perStep}, but the run has only ${images} images`)
    }
  }

  static of(
    config: Pick<TrainConfig, 'batchSize' | 'loss' | 'nCritic' | 'seed'>,
    imageIds: readonly number[],
    epochs: number,
  ): TrainingPlan {
    return TrainingPlan.fromJson({
      imageIds: [...imageIds],
      batchSize: config.batchSize,
      batchesPerStep: config.loss === 'wgan' ? config.nCritic : 1,
      epochs,
      seed: config.seed,
    })
  }

  static fromJson(json: unknown): TrainingPlan {
    const parsed = planSchema.safeParse(json)
    if (!parsed.success)
      throw new PlanError(
        `the training plan is invalid (${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')})`,
      )
    return new TrainingPlan(parsed.data)
  }

  get imageCount(): number {
    return this.json.imageIds.length
  }

  get imagesPerStep(): number {
    return this.json.batchSize * this.json.batchesPerStep
  }

  get plannedSteps(): number {
    return this.stepsPerEpoch * this.json.epochs
  }

  /** Epochs complete after `stepsDone` steps. */
  epochsDone(stepsDone: number): number {
    return Math.floor(stepsDone / this.stepsPerEpoch)
  }

  /** Whether the step that brought the count to `stepsDone` was the last of an epoch. */
  endsEpoch(stepsDone: number): boolean {
    return stepsDone > 0 && stepsDone % this.stepsPerEpoch === 0
  }

  /** Positions (into the run's images) of batch `k` of the step after `stepsDone`. */
  batch(stepsDone: number, k: number): Uint32Array {
    const epoch = this.epochsDone(stepsDone)
    const first = ((stepsDone - epoch * this.stepsPerEpoch) * this.json.batchesPerStep + k) * this.json.batchSize
    return this.order(epoch).subarray(first, first + this.json.batchSize)
  }

  /** Epoch `epoch`'s shuffle: a function of the seed and the epoch alone, so a resumed run needs no stored order. */
  order(epoch: number): Uint32Array {
    if (epoch !== this.#orderEpoch) {
      this.#order = new Rng((this.json.seed ^ Math.imul(epoch + 1, 0x9e3779b1)) >>> 0, RNG_STREAM_SHUFFLE).permutation(
        this.imageCount,
      )
      this.#orderEpoch = epoch
    }
    return this.#order
  }

  /** Why a checkpoint taken under `other` cannot continue under this plan, or null when it can (epochs may differ). */
  mismatch(other: TrainingPlan): string | null {
    const a = this.json
    const b = other.json
    if (a.imageIds.length !== b.imageIds.length || a.imageIds.some((id, index) => id !== b.imageIds[index])) {
      return `it was trained on ${b.imageIds.length} images and the run now lists ${a.imageIds.length} (or other ones)`
    }
    if (a.batchSize !== b.batchSize || a.batchesPerStep !== b.batchesPerStep || a.seed !== b.seed) {
      return `its schedule (batch ${b.batchSize} × ${b.batchesPerStep}, seed ${b.seed}) differs from the run's (batch ${a.batchSize} × ${a.batchesPerStep}, seed ${a.seed})`
    }
    return null
  }
}
