/**
 * Differentiable augmentation (DiffAugment, Zhao et al. 2020, policy 'color,translation,cutout'),
 * applied to real and fake batches before D in both losses, with strength p: each image gets each
 * of the three transforms with probability p (as ADA applies its transforms), else passes through.
 *
 * - colour: brightness + U(−0.5, 0.5); saturation × U(0, 2) around the pixel's channel mean;
 *   contrast × U(0.5, 1.5) around the image mean (images in [−1, 1], as the paper's code);
 * - translation: up to 1/8 of the side in each direction, zero (mid-grey) fill;
 * - cutout: a zeroed square of half the side, centred anywhere in the image.
 *
 * Translation is two batched matmuls with per-image one-hot shift matrices (a gather's gradient
 * needs UnsortedSegmentSum, which the wasm backend lacks). The random draws are made in JS from
 * the trainer's Rng, so augmented runs stay reproducible and resume exactly; at p = 0 nothing is
 * drawn and the batch is returned untouched, so a run without augmentation is the same math
 * (and the same random stream) as before.
 */
import * as tf from './tf'
import type { Rng } from '../../src-shared/rng'
import type { TrainConfig } from '../../src-shared/contract/train-config'

const TRANSLATION_RATIO = 0.125
const CUTOUT_RATIO = 0.5

export interface AugmentDraw {
  n: number
  size: number
  brightness: Float32Array
  saturation: Float32Array
  contrast: Float32Array
  /** output row y reads input row y + shiftY (zero outside); 0 when not translated */
  shiftY: Int32Array
  shiftX: Int32Array
  /** 1 keeps a pixel, 0 cuts it: n × size × size */
  keep: Float32Array
}

/** The per-image random parameters for one batch at strength p, or null when p is 0. */
export function drawAugment(rng: Rng, n: number, size: number, p: number): AugmentDraw | null {
  if (!(p > 0)) return null
  const d: AugmentDraw = {
    n,
    size,
    brightness: new Float32Array(n),
    saturation: new Float32Array(n).fill(1),
    contrast: new Float32Array(n).fill(1),
    shiftY: new Int32Array(n),
    shiftX: new Int32Array(n),
    keep: new Float32Array(n * size * size).fill(1),
  }
  const shift = Math.floor(size * TRANSLATION_RATIO + 0.5)
  const cut = Math.floor(size * CUTOUT_RATIO + 0.5)
  for (let k = 0; k < n; k++) {
    if (rng.uniform() < p) {
      d.brightness[k] = rng.uniform() - 0.5
      d.saturation[k] = rng.uniform() * 2
      d.contrast[k] = rng.uniform() + 0.5
    }
    if (rng.uniform() < p) {
      d.shiftY[k] = rng.int(2 * shift + 1) - shift
      d.shiftX[k] = rng.int(2 * shift + 1) - shift
    }
    if (rng.uniform() < p) {
      const span = size + (1 - (cut % 2))
      const y0 = rng.int(span) - (cut >> 1)
      const x0 = rng.int(span) - (cut >> 1)
      for (let y = Math.max(0, y0); y < Math.min(size, y0 + cut); y++) {
        d.keep.fill(0, (k * size + y) * size + Math.max(0, x0), (k * size + y) * size + Math.min(size, x0 + cut))
      }
    }
  }
  return d
}

/** Per-image one-hot matrices: row y has a 1 at column y + shift when that lies inside. */
function shiftMatrices(shifts: Int32Array, size: number): tf.Tensor3D {
  const m = new Float32Array(shifts.length * size * size)
  shifts.forEach((s, k) => {
    for (let y = 0; y < size; y++) if (y + s >= 0 && y + s < size) m[(k * size + y) * size + y + s] = 1
  })
  return tf.tensor3d(m, [shifts.length, size, size])
}

/** x [n, size, size, c] in [−1, 1] augmented as `draw` says; differentiable in x. Call inside a tidy or gradient scope. */
export function diffAugment(x: tf.Tensor4D, draw: AugmentDraw | null): tf.Tensor4D {
  if (!draw) return x
  const [n, h, w, c] = x.shape
  if (n !== draw.n || h !== draw.size || w !== draw.size)
    throw new Error(`augmentation drawn for ${draw.n} images of ${draw.size} px, the batch is ${n} of ${h}×${w}`)
  const perImage = (a: Float32Array) => tf.tensor4d(a, [n, 1, 1, 1])
  let y: tf.Tensor4D = tf.add(x, perImage(draw.brightness))
  const pixelMean = tf.mean(y, 3, true)
  y = tf.add(tf.mul(tf.sub(y, pixelMean), perImage(draw.saturation)), pixelMean)
  const imageMean = tf.mean(y, [1, 2, 3], true)
  y = tf.add(tf.mul(tf.sub(y, imageMean), perImage(draw.contrast)), imageMean)
  if (draw.shiftY.some((s) => s !== 0)) {
    y = tf.reshape(tf.matMul(shiftMatrices(draw.shiftY, h), tf.reshape(y, [n, h, w * c])), [n, h, w, c])
  }
  if (draw.shiftX.some((s) => s !== 0)) {
    const columns = tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [n, w, h * c])
    y = tf.transpose(tf.reshape(tf.matMul(shiftMatrices(draw.shiftX, w), columns), [n, w, h, c]), [0, 2, 1, 3])
  }
  if (draw.keep.includes(0)) y = tf.mul(y, tf.tensor4d(draw.keep, [n, h, w, 1]))
  return y
}

/**
 * Strength control as in ADA (Karras et al. 2020): the overfitting signal r = E[sign(D(real))]
 * over the last `interval` steps raises p when above `target` and lowers it below, by
 * batch·interval / `speedImages` per adjustment, within [0, 1]. Plain numbers, saved in
 * checkpoints as they are.
 */
export interface AugmentState {
  p: number
  /** sum of E[sign(D(real))] over the steps since the last adjustment */
  signSum: number
  steps: number
}

export const ADA = { target: 0.6, interval: 4, speedImages: 500_000 } as const

export type AugmentMode = { kind: 'off' } | { kind: 'fixed'; p: number } | { kind: 'adaptive' }

export function initialAugmentState(mode: AugmentMode): AugmentState {
  return { p: mode.kind === 'fixed' ? mode.p : 0, signSum: 0, steps: 0 }
}

/** The state after a D step whose real logits had mean sign `realSignMean`; only adaptive mode moves p. */
export function nextAugmentState(
  mode: AugmentMode,
  s: AugmentState,
  realSignMean: number,
  batch: number,
): AugmentState {
  if (mode.kind !== 'adaptive') return s
  const signSum = s.signSum + realSignMean
  const steps = s.steps + 1
  if (steps < ADA.interval) return { p: s.p, signSum, steps }
  const r = signSum / steps
  const adjust = (Math.sign(r - ADA.target) * batch * steps) / ADA.speedImages
  return { p: Math.min(1, Math.max(0, s.p + adjust)), signSum: 0, steps: 0 }
}

/** Below this many photos, 'auto' augments adaptively (the runs on 10,000 photos did not need it). */
export const AUGMENT_AUTO_LIMIT = 2_000

/** What a config's augment setting means for a dataset: 'auto' is adaptive for BCE on fewer than 2,000 photos. */
export function augmentModeOf(
  c: Pick<TrainConfig, 'augment' | 'augmentP' | 'loss'>,
  datasetCount: number,
): AugmentMode {
  switch (c.augment) {
    case 'off':
      return { kind: 'off' }
    case 'fixed':
      return { kind: 'fixed', p: c.augmentP }
    case 'adaptive':
      return { kind: 'adaptive' }
    case 'auto':
      // r = E[sign(D(real))] reads BCE logits; a WGAN critic's scores have no such zero.
      return c.loss === 'bce' && datasetCount < AUGMENT_AUTO_LIMIT ? { kind: 'adaptive' } : { kind: 'off' }
  }
}
