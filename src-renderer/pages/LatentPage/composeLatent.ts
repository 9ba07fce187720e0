import {
  ease,
  interpolate,
  truncate,
  type EaseName,
  type Interpolation,
  type Latent,
} from '../../../src-shared/latent-math'

export interface Keyframe {
  /** stable key for lists */
  key: string
  label: string
  latent: Latent
}

/** How one gap between consecutive keyframes is travelled. */
export interface SegmentStyle {
  interpolation: Interpolation
  ease: EaseName
}

export const DEFAULT_SEGMENT: SegmentStyle = { interpolation: 'slerp', ease: 'ease-in-out-sine' }

/**
 * The latent on the keyframe path at `position` ∈ [0, keyframes − 1]: segment ⌊position⌋, eased,
 * with that segment's interpolation. Whole positions are the keyframes themselves.
 */
export function latentOnPath(
  keyframes: readonly Keyframe[],
  segments: readonly SegmentStyle[],
  position: number,
): Latent {
  if (keyframes.length === 0) throw new Error('the path has no keyframes')
  const last = keyframes.length - 1
  const clamped = Math.min(Math.max(position, 0), last)
  const index = Math.min(Math.floor(clamped), Math.max(last - 1, 0))
  const local = clamped - index
  if (last === 0 || local === 0) return keyframes[index]!.latent
  if (local === 1) return keyframes[index + 1]!.latent
  const style = segments[index] ?? DEFAULT_SEGMENT
  return interpolate(
    style.interpolation,
    keyframes[index]!.latent,
    keyframes[index + 1]!.latent,
    ease(style.ease, local),
  )
}

/** ψ·(z + Σ αⱼ·uⱼ): the path's latent moved along the principal directions, then truncated towards the mean (0). */
export function composeLatent(
  base: Latent,
  directions: readonly { vector: readonly number[] }[],
  offsets: readonly number[],
  truncation: number,
): Latent {
  const moved = Float32Array.from(base)
  directions.forEach((direction, j) => {
    const alpha = offsets[j] ?? 0
    if (alpha === 0) return
    for (let d = 0; d < moved.length; d++) moved[d]! += alpha * direction.vector[d]!
  })
  return truncation === 1 ? moved : truncate(moved, truncation, moved.length)
}
