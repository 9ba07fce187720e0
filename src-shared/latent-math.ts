/**
 * Latent-space maths for exports and the latent studio: pure TypeScript, no tf.
 *
 * Latents are Float32Array vectors of length zDim; a batch is one Float32Array of n·zDim values.
 */
import { Rng } from './rng'

export type Latent = Float32Array

/** Cosine of the angle below which two directions count as parallel and slerp falls back to lerp. */
export const SLERP_PARALLEL_DOT = 0.9995
/** 1 + cos below this: antiparallel, the great circle through a and b is not defined by them. */
const ANTIPARALLEL_EPS = 1e-9

export const EASE_NAMES = [
  'linear',
  'ease-in-quad',
  'ease-out-quad',
  'ease-in-out-quad',
  'ease-in-out-cubic',
  'ease-in-out-sine',
  'smoothstep',
] as const
export type EaseName = (typeof EASE_NAMES)[number]
export const INTERPOLATIONS = ['lerp', 'slerp'] as const
export type Interpolation = (typeof INTERPOLATIONS)[number]

const clamp01 = (t: number) => (t <= 0 ? 0 : t >= 1 ? 1 : t)

/** Ease curves [0, 1] → [0, 1], each with f(0) = 0 and f(1) = 1. */
export const EASES: Record<EaseName, (t: number) => number> = {
  linear: (t) => t,
  'ease-in-quad': (t) => t * t,
  'ease-out-quad': (t) => 1 - (1 - t) * (1 - t),
  'ease-in-out-quad': (t) => (t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2),
  'ease-in-out-cubic': (t) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2),
  'ease-in-out-sine': (t) => -(Math.cos(Math.PI * t) - 1) / 2,
  smoothstep: (t) => t * t * (3 - 2 * t),
}

export function ease(name: EaseName, t: number): number {
  const f = EASES[name]
  if (!f) throw new Error(`unknown ease '${name}'`)
  return f(clamp01(t))
}

function sameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`latents differ in length (${a.length} vs ${b.length})`)
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  sameLength(a, b)
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!
  return s
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a))
}

/** (1 − t)·a + t·b */
export function lerp(a: Latent, b: Latent, t: number): Latent {
  sameLength(a, b)
  const out = new Float32Array(a.length)
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + (b[i]! - a[i]!) * t
  return out
}

/**
 * Spherical interpolation along the great circle from a to b, with the norm interpolated linearly
 * (so Gaussian latents keep a typical norm instead of shrinking towards the middle as with lerp):
 * slerp(a, b, 0) = a, slerp(a, b, 1) = b, unit-norm inputs give unit-norm outputs.
 *
 * - Nearly parallel (cos ≥ SLERP_PARALLEL_DOT) or a zero vector: lerp (no 0/0 in sin θ).
 * - Antiparallel (cos = −1 up to rounding): the great circle is not unique; we go through a direction
 *   perpendicular to a (deterministic: a's component-wise rotation, Gram–Schmidt-orthogonalised),
 *   so the path is finite and still passes through equal-norm latents. No NaN.
 */
export function slerp(a: Latent, b: Latent, t: number): Latent {
  sameLength(a, b)
  const na = norm(a)
  const nb = norm(b)
  if (na === 0 || nb === 0 || !Number.isFinite(na) || !Number.isFinite(nb)) return lerp(a, b, t)
  const cos = Math.max(-1, Math.min(1, dot(a, b) / (na * nb)))
  if (cos >= SLERP_PARALLEL_DOT) return lerp(a, b, t)
  if (t <= 0) return a.slice()
  if (t >= 1) return b.slice()
  const r = na + (nb - na) * t
  const out = new Float32Array(a.length)
  if (1 + cos < ANTIPARALLEL_EPS) {
    // antiparallel: rotate from â through a perpendicular p̂ to −â (= b̂): angle π·t
    const p = perpendicular(a, na)
    if (!p) return lerp(a, b, t)
    const c = Math.cos(Math.PI * t)
    const s = Math.sin(Math.PI * t)
    for (let i = 0; i < a.length; i++) out[i] = r * ((c * a[i]!) / na + s * p[i]!)
    return out
  }
  const theta = Math.acos(cos)
  const sin = Math.sin(theta)
  const wa = Math.sin((1 - t) * theta) / sin
  const wb = Math.sin(t * theta) / sin
  for (let i = 0; i < a.length; i++) out[i] = r * (wa * (a[i]! / na) + wb * (b[i]! / nb))
  return out
}

/** A unit vector perpendicular to a (length ≥ 2), or null for a 1-D latent. */
function perpendicular(a: Latent, na: number): Float64Array | null {
  const n = a.length
  if (n < 2) return null
  const p = new Float64Array(n)
  // a rotated by one position, then the component along a removed
  for (let i = 0; i < n; i++) p[i] = a[(i + 1) % n]! * (i % 2 === 0 ? 1 : -1)
  for (let attempt = 0; attempt < n; attempt++) {
    const proj = dot(p, a) / (na * na)
    for (let i = 0; i < n; i++) p[i] = p[i]! - proj * a[i]!
    const np = norm(p)
    if (np > 1e-6 * na) {
      for (let i = 0; i < n; i++) p[i] = p[i]! / np
      return p
    }
    p.fill(0)
    p[attempt] = 1
  }
  return null
}

export function interpolate(kind: Interpolation, a: Latent, b: Latent, t: number): Latent {
  return kind === 'slerp' ? slerp(a, b, t) : lerp(a, b, t)
}

/**
 * The truncation trick: each latent scaled towards the mean latent by ψ (1 = unchanged, 0 = the
 * mean). `latents` holds n·zDim values; `mean` defaults to the prior's mean, 0.
 */
export function truncate(latents: Float32Array, psi: number, zDim: number, mean?: Latent): Float32Array {
  if (!(psi >= 0 && psi <= 1)) throw new Error(`truncation must be between 0 and 1, got ${psi}`)
  if (latents.length % zDim !== 0) throw new Error(`latents length ${latents.length} is not a multiple of zDim ${zDim}`)
  if (mean && mean.length !== zDim) throw new Error(`the mean latent has ${mean.length} values, zDim is ${zDim}`)
  const out = new Float32Array(latents.length)
  for (let i = 0; i < latents.length; i++) {
    const m = mean ? mean[i % zDim]! : 0
    out[i] = m + psi * (latents[i]! - m)
  }
  return out
}

/** The mean of n latents (n·zDim values). */
export function meanLatent(latents: Float32Array, zDim: number): Latent {
  const n = latents.length / zDim
  if (!Number.isInteger(n) || n < 1) throw new Error('meanLatent needs at least one latent')
  const m = new Float64Array(zDim)
  for (let i = 0; i < latents.length; i++) m[i % zDim]! += latents[i]!
  return Float32Array.from(m, (v) => v / n)
}

/** RNG stream of the studio's preview noise (trainer.ts fixedNoise): seed s, latent i is the run's preview i. */
export const LATENT_STREAM = 1

/** n latents N(0, I) from a seed: the same stream as a run's preview grid, so the run's seed reproduces its previews. */
export function seededLatents(seed: number, n: number, zDim: number): Float32Array {
  return new Rng(seed, LATENT_STREAM).fillNormal(new Float32Array(n * zDim))
}

/** Splits n·zDim values into n latents (views, no copy). */
export function splitLatents(latents: Float32Array, zDim: number): Latent[] {
  const out: Latent[] = []
  for (let i = 0; i + zDim <= latents.length; i += zDim) out.push(latents.subarray(i, i + zDim))
  return out
}

export interface Segment {
  interpolation: Interpolation
  ease: EaseName
  /** frames from this keyframe up to (not including) the next one; ≥ 1 */
  frames: number
}

export interface KeyframePath {
  keyframes: Latent[]
  /** one per gap (keyframes − 1, or keyframes when `loop`); a single Segment applies to every gap */
  segments: Segment[] | Segment
  /** go back from the last keyframe to the first (a seamless loop: the first frame is not repeated) */
  loop?: boolean
}

/**
 * Frames along a keyframe path, as n·zDim values. Each segment contributes `frames` frames starting
 * at its keyframe; an open path ends with its last keyframe (so keyframes are always hit exactly).
 */
export function pathFrames(path: KeyframePath): { latents: Float32Array; count: number; keyframeAt: number[] } {
  const k = path.keyframes
  if (k.length < 1) throw new Error('a keyframe path needs at least one keyframe')
  const zDim = k[0]!.length
  for (const z of k) if (z.length !== zDim) throw new Error('keyframes differ in length')
  const gaps = path.loop ? (k.length > 1 ? k.length : 0) : k.length - 1
  const segs = Array.isArray(path.segments)
    ? path.segments
    : Array.from({ length: gaps }, () => path.segments as Segment)
  if (segs.length !== gaps)
    throw new Error(
      `a path of ${k.length} keyframes${path.loop ? ' (loop)' : ''} has ${gaps} segments, got ${segs.length}`,
    )
  const frames: Latent[] = []
  const keyframeAt: number[] = []
  for (let g = 0; g < gaps; g++) {
    const s = segs[g]!
    if (!Number.isInteger(s.frames) || s.frames < 1) throw new Error(`segment ${g} needs at least one frame`)
    const a = k[g]!
    const b = k[(g + 1) % k.length]!
    keyframeAt.push(frames.length)
    for (let f = 0; f < s.frames; f++)
      frames.push(f === 0 ? a.slice() : interpolate(s.interpolation, a, b, ease(s.ease, f / s.frames)))
  }
  if (!path.loop || gaps === 0) {
    keyframeAt.push(frames.length)
    frames.push(k[k.length - 1]!.slice())
  }
  const latents = new Float32Array(frames.length * zDim)
  frames.forEach((f, i) => latents.set(f, i * zDim))
  return { latents, count: frames.length, keyframeAt }
}
