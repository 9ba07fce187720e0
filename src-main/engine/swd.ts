/**
 * Sliced Wasserstein distance on Laplacian-pyramid patches (Karras et al. 2018, "Progressive
 * Growing of GANs", section 5 and their sliced_wasserstein.py), lower is better:
 *
 * - each image set is turned into a Laplacian pyramid (5-tap binomial filter, mirrored edges, as
 *   cv2.pyrDown/pyrUp); `levels` levels from the image's resolution down (2: the model's
 *   resolution and half of it; the last level is the low-pass image itself);
 * - per level, `descriptors` random 7×7 neighbourhoods (all channels: 147 values for RGB) are cut
 *   from random images at random positions inside the image;
 * - descriptors are normalised per channel with the REFERENCE set's mean and std (ProGAN
 *   normalises each set by its own statistics, which hides a global colour cast; a generator
 *   that tints every face should score worse, so both sets share the reference's statistics);
 * - `projections` random unit directions; per direction both sets' projections are sorted and
 *   the mean absolute difference taken (the 1-D Wasserstein-1 distance); averaged over
 *   directions, then over levels, and multiplied by 1e3 as ProGAN reports it.
 *
 * The reference side (real images) is prepared once (`swdReference`) and scored against any
 * number of generated sets (`swdAgainst`), so the per-epoch cost is the generated side only.
 * Everything random comes from one seeded Rng: the same inputs and seed give the same figure.
 */
import { Rng } from '../../src-shared/rng'

export const SWD_PATCH = 7
export const SWD_SCALE = 1e3

/** count × size × size × channels, NHWC uint8 (a Dataset, or generateImages' output). */
export interface ImageSet {
  count: number
  size: number
  channels: number
  pixels: Uint8Array
}

export interface SwdOptions {
  seed?: number
  /** pyramid levels from full resolution down (default 2: the resolution and half of it) */
  levels?: number
  /** 7×7 neighbourhoods drawn per level from each set (default 16,384) */
  descriptors?: number
  /** random directions (default 128) */
  projections?: number
}

export interface SwdReference {
  size: number
  channels: number
  levels: number
  descriptors: number
  seed: number
  perLevel: { mean: Float32Array; std: Float32Array; dirs: Float32Array; sorted: Float32Array[] }[]
}

export interface SwdResult {
  /** per level, full resolution first, ×1e3 */
  levels: number[]
  /** mean over levels, ×1e3 */
  mean: number
}

const KERNEL = [1 / 16, 4 / 16, 6 / 16, 4 / 16, 1 / 16]
const RNG_STREAM_DIRS = 7
const RNG_STREAM_PATCHES = 8

/** scipy.ndimage 'mirror' boundary: d c b | a b c d | c b a. */
function mirror(i: number, n: number): number {
  if (n === 1) return 0
  const p = 2 * (n - 1)
  let m = ((i % p) + p) % p
  if (m >= n) m = p - m
  return m
}

/** Separable 5-tap convolution of each channel plane, `gain` per axis (1 down, 2 up). */
function blur(src: Float32Array, count: number, size: number, c: number, gain: number): Float32Array {
  const tmp = new Float32Array(src.length)
  const out = new Float32Array(src.length)
  const row = size * c
  for (let n = 0; n < count; n++) {
    const base = n * size * row
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let ch = 0; ch < c; ch++) {
          let s = 0
          for (let k = -2; k <= 2; k++) s += KERNEL[k + 2]! * src[base + y * row + mirror(x + k, size) * c + ch]!
          tmp[base + y * row + x * c + ch] = s * gain
        }
      }
    }
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let ch = 0; ch < c; ch++) {
          let s = 0
          for (let k = -2; k <= 2; k++) s += KERNEL[k + 2]! * tmp[base + mirror(y + k, size) * row + x * c + ch]!
          out[base + y * row + x * c + ch] = s * gain
        }
      }
    }
  }
  return out
}

function pyrDown(src: Float32Array, count: number, size: number, c: number): Float32Array {
  const b = blur(src, count, size, c, 1)
  const half = size / 2
  const out = new Float32Array(count * half * half * c)
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < half; y++) {
      for (let x = 0; x < half; x++) {
        for (let ch = 0; ch < c; ch++)
          out[((n * half + y) * half + x) * c + ch] = b[((n * size + 2 * y) * size + 2 * x) * c + ch]!
      }
    }
  }
  return out
}

function pyrUp(src: Float32Array, count: number, half: number, c: number): Float32Array {
  const size = half * 2
  const up = new Float32Array(count * size * size * c)
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < half; y++) {
      for (let x = 0; x < half; x++) {
        for (let ch = 0; ch < c; ch++)
          up[((n * size + 2 * y) * size + 2 * x) * c + ch] = src[((n * half + y) * half + x) * c + ch]!
      }
    }
  }
  return blur(up, count, size, c, 2)
}

/** Laplacian pyramid of an image set, full resolution first; the last level is the low-pass image. */
export function laplacianPyramid(images: ImageSet, levels: number): { size: number; data: Float32Array }[] {
  const { count, channels: c } = images
  let size = images.size
  let current: Float32Array = Float32Array.from(images.pixels)
  const out: { size: number; data: Float32Array }[] = []
  for (let l = 1; l < levels; l++) {
    if (size % 2 !== 0 || size / 2 < SWD_PATCH)
      throw new Error(`a ${images.size} px image has no ${levels}-level pyramid with ${SWD_PATCH}×${SWD_PATCH} patches`)
    const down = pyrDown(current, count, size, c)
    const up = pyrUp(down, count, size / 2, c)
    for (let i = 0; i < current.length; i++) current[i]! -= up[i]!
    out.push({ size, data: current })
    current = down
    size /= 2
  }
  out.push({ size, data: current })
  return out
}

/** `n` random 7×7 neighbourhoods (flattened y, x, channel) of one pyramid level. */
function patches(
  level: { size: number; data: Float32Array },
  count: number,
  c: number,
  n: number,
  rng: Rng,
): Float32Array {
  const h = SWD_PATCH >> 1
  const dim = SWD_PATCH * SWD_PATCH * c
  const out = new Float32Array(n * dim)
  const s = level.size
  const span = s - 2 * h
  for (let k = 0; k < n; k++) {
    const img = rng.int(count)
    const cy = h + rng.int(span)
    const cx = h + rng.int(span)
    let o = k * dim
    for (let dy = -h; dy <= h; dy++) {
      const rowStart = ((img * s + cy + dy) * s + cx - h) * c
      for (let i = 0; i < SWD_PATCH * c; i++) out[o++] = level.data[rowStart + i]!
    }
  }
  return out
}

function channelStats(desc: Float32Array, c: number): { mean: Float32Array; std: Float32Array } {
  const mean = new Float64Array(c)
  const sq = new Float64Array(c)
  for (let i = 0; i < desc.length; i++) {
    const ch = i % c
    mean[ch]! += desc[i]!
    sq[ch]! += desc[i]! * desc[i]!
  }
  const per = desc.length / c
  const m = new Float32Array(c)
  const s = new Float32Array(c)
  for (let ch = 0; ch < c; ch++) {
    m[ch] = mean[ch]! / per
    s[ch] = Math.sqrt(Math.max(sq[ch]! / per - m[ch]! * m[ch]!, 0)) || 1
  }
  return { mean: m, std: s }
}

/** Projections of the normalised descriptors on each direction, each sorted ascending. */
function sortedProjections(
  desc: Float32Array,
  dim: number,
  c: number,
  mean: Float32Array,
  std: Float32Array,
  dirs: Float32Array,
): Float32Array[] {
  const n = desc.length / dim
  const p = dirs.length / dim
  // Normalising the directions instead of the descriptors: (x − m)/s · d = x · (d/s) − m · (d/s).
  const scaled = new Float32Array(dirs.length)
  const offset = new Float32Array(p)
  for (let j = 0; j < p; j++) {
    let off = 0
    for (let i = 0; i < dim; i++) {
      const w = dirs[j * dim + i]! / std[i % c]!
      scaled[j * dim + i] = w
      off += mean[i % c]! * w
    }
    offset[j] = off
  }
  const out = Array.from({ length: p }, () => new Float32Array(n))
  for (let k = 0; k < n; k++) {
    const base = k * dim
    for (let j = 0; j < p; j++) {
      const wb = j * dim
      let s = 0
      for (let i = 0; i < dim; i++) s += desc[base + i]! * scaled[wb + i]!
      out[j]![k] = s - offset[j]!
    }
  }
  for (const column of out) column.sort()
  return out
}

function resolve(options: SwdOptions): Required<SwdOptions> {
  return {
    seed: options.seed ?? 0,
    levels: options.levels ?? 2,
    descriptors: options.descriptors ?? 16_384,
    projections: options.projections ?? 128,
  }
}

/** The reference side (real images): pyramid, descriptor statistics, directions and sorted projections. */
export function swdReference(real: ImageSet, options: SwdOptions = {}): SwdReference {
  const o = resolve(options)
  const c = real.channels
  const dim = SWD_PATCH * SWD_PATCH * c
  const dirRng = new Rng(o.seed, RNG_STREAM_DIRS)
  const patchRng = new Rng(o.seed, RNG_STREAM_PATCHES)
  const perLevel = laplacianPyramid(real, o.levels).map((level) => {
    const desc = patches(level, real.count, c, o.descriptors, patchRng)
    const { mean, std } = channelStats(desc, c)
    const dirs = dirRng.fillNormal(new Float32Array(o.projections * dim))
    for (let j = 0; j < o.projections; j++) {
      let norm = 0
      for (let i = 0; i < dim; i++) norm += dirs[j * dim + i]! ** 2
      norm = Math.sqrt(norm)
      for (let i = 0; i < dim; i++) dirs[j * dim + i]! /= norm
    }
    return { mean, std, dirs, sorted: sortedProjections(desc, dim, c, mean, std, dirs) }
  })
  return { size: real.size, channels: c, levels: o.levels, descriptors: o.descriptors, seed: o.seed, perLevel }
}

/** SWD ×1e3 of a generated set against a prepared reference (same size and channels). */
export function swdAgainst(ref: SwdReference, fake: ImageSet): SwdResult {
  if (fake.size !== ref.size || fake.channels !== ref.channels) {
    throw new Error(
      `SWD needs images of the reference's geometry (${ref.size} px, ${ref.channels} channels), got ${fake.size} px, ${fake.channels}`,
    )
  }
  const c = ref.channels
  const dim = SWD_PATCH * SWD_PATCH * c
  // The same patch positions as the reference: identical sets score exactly 0.
  const patchRng = new Rng(ref.seed, RNG_STREAM_PATCHES)
  const levels = laplacianPyramid(fake, ref.levels).map((level, l) => {
    const { mean, std, dirs, sorted } = ref.perLevel[l]!
    const mine = sortedProjections(patches(level, fake.count, c, ref.descriptors, patchRng), dim, c, mean, std, dirs)
    let total = 0
    for (let j = 0; j < mine.length; j++) {
      const a = mine[j]!
      const b = sorted[j]!
      let s = 0
      for (let k = 0; k < a.length; k++) s += Math.abs(a[k]! - b[k]!)
      total += s / a.length
    }
    return (total / mine.length) * SWD_SCALE
  })
  return { levels, mean: levels.reduce((a, b) => a + b, 0) / levels.length }
}

/** SWD ×1e3 between two image sets, `real` being the reference whose statistics normalise both. */
export function swd(real: ImageSet, fake: ImageSet, options: SwdOptions = {}): SwdResult {
  return swdAgainst(swdReference(real, options), fake)
}
