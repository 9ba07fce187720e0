/**
 * Training health during a run (health.ts's assessment fed from the trainer's own figures): it keeps the last step
 * metrics, and after each epoch measures the preview faces (their diversity, each face's nearest training photo)
 * against a baseline of the run's photos, made once per start. Plain arithmetic on pixels already read back: it runs
 * after an epoch, never inside a step, draws nothing from any Rng and yields after each image it searches for, so the
 * worker stays responsive to pause and stop.
 */
import type { HealthItem } from '../../src-shared/contract/health'
import { assessHealth, HEALTH, healthBaseline, meanPairwiseDistance, nearestImage } from './health'
import type { EpochSignal, HealthBaseline, Nearest, StepSignal } from './health'
import type { ImageSet } from './swd'

/** Epochs kept for the SWD trend (health.ts looks at the last few). */
const EPOCHS_KEPT = 16

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

export interface EpochHealthInput {
  epoch: number
  /** the epoch's preview faces, at the run's resolution (that of `training`) */
  faces: ImageSet
  /** the epoch's SWD when the run computes one (optional: collapse then also watches it rise) */
  swd?: number
  /** the adaptive augmentation's strength; leave it out when p is not adaptive (a fixed p is the user's choice) */
  augmentP?: number
}

export interface EpochHealth {
  items: HealthItem[]
  /** per preview face, in cell order: its nearest training photo (index into the run's images) and the distance */
  nearest: Nearest[]
}

export class HealthMonitor {
  #baseline: HealthBaseline | null = null
  readonly #steps: StepSignal[] = []
  readonly #epochs: EpochSignal[] = []

  /** `bce`: the step metrics' D(x) and D(G(z)) are probabilities (a WGAN critic's scores are not). */
  constructor(
    private readonly training: ImageSet,
    private readonly bce: boolean,
  ) {}

  /** The step's figures (cheap: numbers the step already returned). */
  addStep(step: StepSignal): void {
    this.#steps.push(step)
    if (this.#steps.length > 2 * HEALTH.winnerSteps) this.#steps.splice(0, this.#steps.length - HEALTH.winnerSteps)
  }

  /** The run's health after an epoch, from its faces and the steps so far. */
  async endEpoch(input: EpochHealthInput): Promise<EpochHealth> {
    const { faces, epoch } = input
    const per = faces.size * faces.size * faces.channels
    if (faces.size !== this.training.size || faces.channels !== this.training.channels) {
      throw new Error(
        `preview faces are ${faces.size}×${faces.size}×${faces.channels}, the training photos ${this.training.size}×${this.training.size}×${this.training.channels}`,
      )
    }
    if (faces.pixels.length !== faces.count * per)
      throw new Error(`preview faces hold ${faces.pixels.length} bytes, ${faces.count} faces need ${faces.count * per}`)
    const baseline = (this.#baseline ??= await healthBaseline(this.training, nextTurn))
    const nearest: Nearest[] = []
    for (let i = 0; i < faces.count; i++) {
      nearest.push(nearestImage(faces, i, this.training))
      await nextTurn()
    }
    this.#epochs.push({
      epoch,
      diversity: meanPairwiseDistance(faces),
      nearest: nearest.map((n) => n.distance),
      ...(input.swd !== undefined && { swd: input.swd }),
      ...(input.augmentP !== undefined && { augmentP: input.augmentP }),
    })
    if (this.#epochs.length > EPOCHS_KEPT) this.#epochs.shift()
    return { items: assessHealth({ steps: this.#steps, epochs: this.#epochs, baseline, bce: this.bce }), nearest }
  }
}
