/**
 * Training health in plain words, from figures the engine already has: pure functions of metric
 * series, so each case is tested on constructed series.
 *
 * - collapse: the preview faces are much less varied than real photos (mean pairwise distance
 *   below half the real photos'), or SWD rose at each of the last three epochs;
 * - a side has won (BCE): D(x) ≈ 1 and D(G(z)) ≈ 0 on most of the last steps (D won), or
 *   D(G(z)) ≈ 1 on most of them (G fools D completely, D has stopped teaching);
 * - memorisation: generated faces closer to a training photo than training photos sit to their
 *   own nearest neighbour (the 5th percentile of those distances);
 * - overfitting: the adaptive augmentation strength pinned near its maximum.
 */
import type { HealthItem } from '../../src-shared/contract/health'
import type { ImageSet } from './swd'

export interface StepSignal {
  epoch: number
  dLoss: number
  gLoss: number
  /** BCE: mean D(x) as a probability */
  dReal: number
  /** BCE: mean D(G(z)) as a probability */
  dFake: number
}

export interface EpochSignal {
  epoch: number
  /** mean pairwise distance of the preview faces (meanPairwiseDistance) */
  diversity?: number
  swd?: number
  /** per preview face, the distance to its nearest training photo (nearestDistances) */
  nearest?: number[]
  augmentP?: number
}

export interface HealthBaseline {
  /** mean pairwise distance of real photos */
  realDiversity: number
  /** each training photo's distance to its nearest other training photo */
  realNearest: number[]
}

export const HEALTH = {
  collapseRatio: 0.5,
  swdRisingEpochs: 3,
  winnerSteps: 200,
  winnerShare: 0.9,
  sure: 0.95,
  memorisedQuantile: 0.05,
  memorisedShare: 0.05,
  pinnedP: 0.95,
} as const

/**
 * The baseline's real photos: at most this many, evenly spaced through the run's images (no Rng: the baseline must not
 * draw from the training stream, and a run's baseline is the same at every start). Each is searched against all photos.
 */
export const BASELINE_PHOTOS = 256
/** The real set whose diversity the preview faces are compared with: as many photos as there are preview faces. */
export const DIVERSITY_PHOTOS = 64

/**
 * Squared pixel difference of two images, abandoned (returning a value above `bound`) once it passes `bound`: a
 * nearest-neighbour search skips most of each far image.
 */
function squaredDistance(a: Uint8Array, ai: number, b: Uint8Array, bi: number, per: number, bound = Infinity): number {
  let s = 0
  for (let i = 0; i < per; i++) {
    const d = a[ai + i]! - b[bi + i]!
    s += d * d
    if (s > bound) return s
  }
  return s
}

/** Root-mean-square difference of two images, in units of the pixel range (0 … 1). */
const toDistance = (squared: number, per: number) => Math.sqrt(squared / per) / 255

export function meanPairwiseDistance(set: ImageSet): number {
  const per = set.size * set.size * set.channels
  let total = 0
  let pairs = 0
  for (let i = 0; i < set.count; i++) {
    for (let j = i + 1; j < set.count; j++) {
      total += toDistance(squaredDistance(set.pixels, i * per, set.pixels, j * per, per), per)
      pairs++
    }
  }
  return pairs ? total / pairs : 0
}

/** Image `index` of `set`, and its distance to it. */
export interface Nearest {
  index: number
  distance: number
}

/** The image of `within` nearest to image `i` of `of`, skipping image `skip` of `within` (the image itself). */
export function nearestImage(of: ImageSet, i: number, within: ImageSet, skip = -1): Nearest {
  const per = of.size * of.size * of.channels
  let best = Infinity
  let index = -1
  for (let j = 0; j < within.count; j++) {
    if (j === skip) continue
    const s = squaredDistance(of.pixels, i * per, within.pixels, j * per, per, best)
    if (s < best) [best, index] = [s, j]
  }
  return { index, distance: toDistance(best, per) }
}

/** For each image of `of`, the nearest image of `within` (skipping itself when both are one set). */
export function nearestImages(of: ImageSet, within: ImageSet): Nearest[] {
  return Array.from({ length: of.count }, (_, i) => nearestImage(of, i, within, of === within ? i : -1))
}

/** For each image of `of`, its distance to the nearest image of `within` (skipping itself when both are one set). */
export function nearestDistances(of: ImageSet, within: ImageSet): number[] {
  return nearestImages(of, within).map((n) => n.distance)
}

/** `count` indices spread evenly over `0 … total - 1` (all of them when there are fewer). */
export function evenlySpaced(total: number, count: number): number[] {
  if (total <= count) return Array.from({ length: total }, (_, i) => i)
  return Array.from({ length: count }, (_, i) => Math.floor((i * total) / count))
}

export function subset(set: ImageSet, indices: readonly number[]): ImageSet {
  const per = set.size * set.size * set.channels
  const pixels = new Uint8Array(indices.length * per)
  indices.forEach((index, k) => pixels.set(set.pixels.subarray(index * per, (index + 1) * per), k * per))
  return { ...set, count: indices.length, pixels }
}

/**
 * The real photos' figures; on a large set, from evenly spaced photos (each still searched against all). `between` is
 * awaited after each photo's search, so a caller can give its event loop a turn.
 */
export async function healthBaseline(
  training: ImageSet,
  between: () => Promise<void> = () => Promise.resolve(),
): Promise<HealthBaseline> {
  const realNearest: number[] = []
  for (const i of evenlySpaced(training.count, BASELINE_PHOTOS)) {
    realNearest.push(nearestImage(training, i, training, i).distance)
    await between()
  }
  return {
    realDiversity: meanPairwiseDistance(subset(training, evenlySpaced(training.count, DIVERSITY_PHOTOS))),
    realNearest,
  }
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

const pct = (x: number) => `${Math.round(x * 100)}%`

function collapse(epochs: readonly EpochSignal[], baseline: HealthBaseline): HealthItem | null {
  const low = (e: EpochSignal) =>
    e.diversity !== undefined && e.diversity < HEALTH.collapseRatio * baseline.realDiversity
  const last = epochs.at(-1)
  if (last && low(last)) {
    let since = epochs.length - 1
    while (since > 0 && low(epochs[since - 1]!)) since--
    return {
      kind: 'collapse',
      since: epochs[since]!.epoch,
      evidence: `The preview faces differ from each other by ${last.diversity!.toFixed(3)} on average, real photos by ${baseline.realDiversity.toFixed(3)}: the generator makes nearly the same face for every input.`,
      advice:
        'Go back to the checkpoint before this epoch and train on with a lower learning rate, or start again with another seed.',
    }
  }
  const swds = epochs.filter((e) => e.swd !== undefined)
  const n = HEALTH.swdRisingEpochs
  if (swds.length > n && swds.slice(-n - 1).every((e, i, a) => i === 0 || e.swd! > a[i - 1]!.swd!)) {
    const from = swds.at(-n - 1)!
    return {
      kind: 'collapse',
      since: swds.at(-n)!.epoch,
      evidence: `The quality figure (SWD, lower is better) rose at each of the last ${n} epochs it was scored, from ${from.swd!.toFixed(1)} to ${swds.at(-1)!.swd!.toFixed(1)}.`,
      advice:
        'Use the best epoch (marked on the plot) for faces; train on from it with a lower learning rate if you want more.',
    }
  }
  return null
}

function winner(steps: readonly StepSignal[]): HealthItem | null {
  const recent = steps.slice(-HEALTH.winnerSteps)
  if (recent.length < HEALTH.winnerSteps) return null
  const share = (test: (s: StepSignal) => boolean) => recent.filter(test).length / recent.length
  const dWon = share((s) => s.dReal > HEALTH.sure && s.dFake < 1 - HEALTH.sure)
  if (dWon >= HEALTH.winnerShare) {
    const gLoss = recent.reduce((a, s) => a + s.gLoss, 0) / recent.length
    return {
      kind: 'discriminator-won',
      since: recent[0]!.epoch,
      evidence: `On ${pct(dWon)} of the last ${recent.length} steps the discriminator was sure of every photo and every generated face (D(x) > ${HEALTH.sure}, D(G(z)) < ${(1 - HEALTH.sure).toFixed(2)}); the generator's loss averages ${gLoss.toFixed(2)}. The generator gets no useful signal.`,
      advice:
        'Train on from an earlier checkpoint with augmentation on (adaptive), a lower discriminator learning rate or more photos.',
    }
  }
  const gWon = share((s) => s.dFake > HEALTH.sure)
  if (gWon >= HEALTH.winnerShare) {
    return {
      kind: 'generator-won',
      since: recent[0]!.epoch,
      evidence: `On ${pct(gWon)} of the last ${recent.length} steps the discriminator took the generated faces for photos (D(G(z)) > ${HEALTH.sure}): it has stopped telling the generator anything.`,
      advice:
        'Go back to an earlier checkpoint; a lower generator learning rate or a larger batch usually keeps the two balanced.',
    }
  }
  return null
}

function memorisation(last: EpochSignal | undefined, baseline: HealthBaseline): HealthItem | null {
  if (!last?.nearest?.length || baseline.realNearest.length < 2) return null
  const threshold = quantile(baseline.realNearest, HEALTH.memorisedQuantile)
  const close = last.nearest.filter((d) => d < threshold)
  if (close.length / last.nearest.length <= HEALTH.memorisedShare) return null
  return {
    kind: 'memorisation',
    since: last.epoch,
    evidence: `${close.length} of ${last.nearest.length} preview faces are closer to a training photo (nearest ${Math.min(...close).toFixed(3)}) than all but ${pct(HEALTH.memorisedQuantile)} of the training photos are to each other (${threshold.toFixed(3)}): they are near-copies, and may show a real person.`,
    advice:
      'Use an earlier epoch, add more photos, or train with augmentation on; check the closest training photo next to each face before sharing.',
  }
}

function overfitting(last: EpochSignal | undefined): HealthItem | null {
  if (last?.augmentP === undefined || last.augmentP < HEALTH.pinnedP) return null
  return {
    kind: 'overfitting',
    since: last.epoch,
    evidence: `The adaptive augmentation is at ${pct(last.augmentP)} strength, its maximum: the discriminator recognises the training photos even through heavy augmentation.`,
    advice: 'Add more photos or stop here: further epochs mostly teach the discriminator this folder by heart.',
  }
}

/** The health items for a run so far (empty for a healthy run). `bce`: step signals are probabilities. */
export function assessHealth(input: {
  steps: readonly StepSignal[]
  epochs: readonly EpochSignal[]
  baseline: HealthBaseline
  bce: boolean
}): HealthItem[] {
  const last = input.epochs.at(-1)
  return [
    collapse(input.epochs, input.baseline),
    input.bce ? winner(input.steps) : null,
    memorisation(last, input.baseline),
    overfitting(last),
  ].filter((item): item is HealthItem => item !== null)
}
