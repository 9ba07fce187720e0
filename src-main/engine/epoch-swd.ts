/**
 * A run's quality figure after an epoch: the SWD (swd.ts) between faces of the generator (the EMA) from fixed,
 * seeded noise and a fixed, seeded subset of the run's training images, at the model's resolution and half of it.
 *
 * - Its randomness comes from its own Rng streams of the run's seed, never from the trainer's Rng, so evaluating
 *   changes nothing in training: exact resume holds whether or not an epoch was evaluated.
 * - The real side is prepared once (the first evaluation pays for it); each evaluation then generates the faces
 *   and scores them.
 * - Cadence: SWD may take at most SWD_BUDGET of training time. After each evaluation the next is due after as many
 *   epochs as keep its measured cost within that share of the measured epoch time; the last epoch is always scored.
 */
import { Rng } from '../../src-shared/rng'
import type { Dataset } from './dataset'
import { swdAgainst, swdReference, type SwdReference } from './swd'

/** How each epoch is scored: generated faces, real images (at most), and the SWD's sampling. */
export const EPOCH_SWD = { samples: 256, realImages: 256, descriptors: 4096, projections: 64, levels: 2 } as const
/** The share of training time SWD may take. */
export const SWD_BUDGET = 0.1

const RNG_STREAM_NOISE = 21
const RNG_STREAM_SUBSET = 22

/** Epochs until the next evaluation, so that an evaluation of `swdMs` every that many epochs of `epochMs` fits `budget`. */
export function swdCadence(swdMs: number, epochMs: number, budget = SWD_BUDGET): number {
  if (!(epochMs > 0)) return 1
  return Math.max(1, Math.ceil(swdMs / (budget * epochMs)))
}

/** `count` distinct indices of `total`, in ascending order, chosen by `seed` (all of them when count ≥ total). */
/** How many of a run's `epochs` EpochSwd scores when each evaluation takes `swdMs` and each epoch's steps `epochMs` (as `due` decides). */
export function swdEvaluations(epochs: number, swdMs: number, epochMs: number, budget = SWD_BUDGET): number {
  let evaluations = 0
  for (let epoch = 1, nextDue = 0; epoch <= epochs; epoch++) {
    if (epoch < nextDue && epoch !== epochs) continue
    evaluations++
    nextDue = epoch + swdCadence(swdMs, epochMs, budget)
  }
  return evaluations
}

export function realSubset(total: number, count: number, seed: number): number[] {
  const chosen = new Rng(seed, RNG_STREAM_SUBSET).permutation(total).slice(0, Math.min(count, total))
  return Array.from(chosen).sort((a, b) => a - b)
}

export interface SwdModel {
  seed: number
  zDim: number
}

export class EpochSwd {
  readonly noise: Float32Array
  readonly subset: number[]
  #reference: SwdReference | null = null
  #nextDue = 0

  /** `dataset` holds the run's images in its plan's order (as the trainer gets them). */
  constructor(
    private readonly model: SwdModel,
    private readonly dataset: Dataset,
    private readonly budget = SWD_BUDGET,
  ) {
    this.noise = new Rng(model.seed, RNG_STREAM_NOISE).fillNormal(new Float32Array(EPOCH_SWD.samples * model.zDim))
    this.subset = realSubset(dataset.count, EPOCH_SWD.realImages, model.seed)
  }

  /** Whether `epoch` is scored: the first one asked about, then per the measured cadence, and always the last. */
  due(epoch: number, lastEpoch: number): boolean {
    return epoch >= this.#nextDue || epoch === lastEpoch
  }

  /**
   * The SWD ×1e3 of the faces `generate` makes from the fixed noise (uint8 NHWC, like Trainer.generate), and its
   * cost; `epochMs` (the epoch's training time) sets when the next evaluation is due.
   */
  async evaluate(
    epoch: number,
    epochMs: number,
    generate: (latents: Float32Array) => Promise<Uint8Array>,
  ): Promise<{ swd: number; ms: number }> {
    const reference = this.#referenceSet()
    const t0 = performance.now()
    const { size, channels } = this.dataset
    const pixels = await generate(this.noise)
    const swd = swdAgainst(reference, { count: EPOCH_SWD.samples, size, channels, pixels }).mean
    const ms = performance.now() - t0
    this.#nextDue = epoch + swdCadence(ms, epochMs, this.budget)
    return { swd, ms }
  }

  #referenceSet(): SwdReference {
    if (this.#reference) return this.#reference
    const { size, channels, pixels } = this.dataset
    const per = size * size * channels
    const real = new Uint8Array(this.subset.length * per)
    this.subset.forEach((index, k) => real.set(pixels.subarray(index * per, (index + 1) * per), k * per))
    const { descriptors, projections, levels } = EPOCH_SWD
    this.#reference = swdReference(
      { count: this.subset.length, size, channels, pixels: real },
      { seed: this.model.seed, descriptors, projections, levels },
    )
    return this.#reference
  }
}
