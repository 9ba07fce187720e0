import {
  DEFAULT_FRAMES_PER_SEGMENT,
  DEFAULT_INTERPOLATION_FPS,
  EXPORT_LIMITS,
} from '../../../src-shared/contract/exports'
import { pathFrames, splitLatents } from '../../../src-shared/latent-math'
import { composeLatent, type Keyframe, type SegmentStyle } from './composeLatent'

/** The same defaults and limits as the Export page's interpolation GIF. */
export const PATH_GIF_DEFAULTS = {
  framesPerSegment: DEFAULT_FRAMES_PER_SEGMENT,
  fps: DEFAULT_INTERPOLATION_FPS,
} as const
export const PATH_GIF_LIMITS = {
  maxFramesPerSegment: EXPORT_LIMITS.maxFramesPerSegment,
  maxFps: EXPORT_LIMITS.maxFps,
  maxFrames: EXPORT_LIMITS.maxGifFrames,
} as const
/** The GIF is scaled up by a whole factor to at least this many pixels a side (faces are 16–64 px). */
const PATH_GIF_MIN_SIZE = 256

/** How the live face is moved off the path: the principal directions by their offsets, then truncation ψ. */
export interface FaceLook {
  directions: readonly { vector: readonly number[] }[]
  offsets: readonly number[]
  truncation: number
}

/** Frames of a path GIF: framesPerSegment from each keyframe up to the next, then the last keyframe. */
export function pathGifFrameCount(keyframes: number, framesPerSegment: number): number {
  return Math.max(keyframes - 1, 0) * framesPerSegment + 1
}

/** Why these settings cannot make a GIF of the path, or null when they can. */
export function pathGifProblem(
  keyframes: number,
  framesPerSegment: number | string,
  fps: number | string,
): string | null {
  if (keyframes < 2) return 'Add a second face to the path to animate it.'
  const perSegment = Number(framesPerSegment)
  if (
    framesPerSegment === '' ||
    !Number.isInteger(perSegment) ||
    perSegment < 1 ||
    perSegment > PATH_GIF_LIMITS.maxFramesPerSegment
  ) {
    return `Frames between faces: a whole number from 1 to ${PATH_GIF_LIMITS.maxFramesPerSegment}.`
  }
  const rate = Number(fps)
  if (fps === '' || !Number.isInteger(rate) || rate < 1 || rate > PATH_GIF_LIMITS.maxFps)
    return `Frames per second: a whole number from 1 to ${PATH_GIF_LIMITS.maxFps}.`
  const frames = pathGifFrameCount(keyframes, perSegment)
  if (frames > PATH_GIF_LIMITS.maxFrames)
    return `${frames} frames in all; a GIF takes at most ${PATH_GIF_LIMITS.maxFrames}: use fewer frames between faces.`
  return null
}

/**
 * The latents of every frame of the path GIF (n·zDim values), each segment with its own interpolation and ease
 * as the position slider travels it, then moved by the look as the live face is.
 */
export function pathGifLatents(
  keyframes: readonly Keyframe[],
  segments: readonly SegmentStyle[],
  framesPerSegment: number,
  look: FaceLook,
): Float32Array {
  const { latents } = pathFrames({
    keyframes: keyframes.map((keyframe) => keyframe.latent),
    segments: segments.map((style) => ({ ...style, frames: framesPerSegment })),
  })
  const zDim = keyframes[0]!.latent.length
  for (const [index, frame] of splitLatents(latents, zDim).entries())
    latents.set(composeLatent(frame, look.directions, look.offsets, look.truncation), index * zDim)
  return latents
}

/** The whole factor that brings a face of `imageSize` pixels to at least PATH_GIF_MIN_SIZE. */
export function pathGifScale(imageSize: number): number {
  return Math.max(1, Math.ceil(PATH_GIF_MIN_SIZE / imageSize))
}
