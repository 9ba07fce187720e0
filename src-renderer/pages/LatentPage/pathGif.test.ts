import { describe, expect, it } from 'vitest'
import { seededLatents, splitLatents } from '../../../src-shared/latent-math'
import { composeLatent, latentOnPath, type Keyframe, type SegmentStyle } from './composeLatent'
import { pathGifFrameCount, pathGifLatents, pathGifProblem, pathGifScale } from './pathGif'

const Z = 16
const [a, b, c] = splitLatents(seededLatents(9, 3, Z), Z)
const keyframes: Keyframe[] = [
  { key: 'a', label: 'a', latent: a! },
  { key: 'b', label: 'b', latent: b! },
  { key: 'c', label: 'c', latent: c! },
]
const segments: SegmentStyle[] = [
  { interpolation: 'slerp', ease: 'ease-in-out-sine' },
  { interpolation: 'lerp', ease: 'ease-in-quad' },
]
const unchanged = { directions: [], offsets: [], truncation: 1 }

describe('pathGifLatents', () => {
  it('has framesPerSegment frames a segment and an end frame, starting and ending on the keyframes', () => {
    const frames = splitLatents(pathGifLatents(keyframes, segments, 5, unchanged), Z)
    expect(frames).toHaveLength(2 * 5 + 1)
    expect(pathGifFrameCount(3, 5)).toBe(11)
    expect(frames[0]).toEqual(a)
    expect(frames[5]).toEqual(b)
    expect(frames[10]).toEqual(c)
  })

  it('travels each segment with its own interpolation and ease, as the position slider does', () => {
    const frames = splitLatents(pathGifLatents(keyframes, segments, 4, unchanged), Z)
    for (const [index, frame] of frames.entries()) {
      const expected = latentOnPath(keyframes, segments, index / 4)
      for (let d = 0; d < Z; d++) expect(frame[d]).toBeCloseTo(expected[d]!, 5)
    }
    // ease-in-quad at ½ is ¼ of the way from b to c
    expect(frames[6]![2]).toBeCloseTo(b![2]! + 0.25 * (c![2]! - b![2]!), 5)
  })

  it('moves every frame by the direction offsets, then truncates it, as the live face', () => {
    const look = {
      directions: [{ vector: Array.from({ length: Z }, (_, d) => (d === 0 ? 1 : 0)) }],
      offsets: [3],
      truncation: 0.5,
    }
    const frames = splitLatents(pathGifLatents(keyframes.slice(0, 2), segments.slice(0, 1), 3, look), Z)
    expect(frames).toHaveLength(4)
    expect(frames[0]).toEqual(composeLatent(a!, look.directions, look.offsets, 0.5))
    expect(frames[3]).toEqual(composeLatent(b!, look.directions, look.offsets, 0.5))
    expect(frames[3]![0]).toBeCloseTo((b![0]! + 3) / 2, 5)
    expect(frames[3]![1]).toBeCloseTo(b![1]! / 2, 5)
  })
})

describe('pathGifProblem', () => {
  it('accepts whole numbers within the Export limits, and says what is wrong otherwise', () => {
    expect(pathGifProblem(3, 12, 12)).toBeNull()
    expect(pathGifProblem(2, 120, 50)).toBeNull()
    expect(pathGifProblem(1, 12, 12)).toBe('Add a second face to the path to animate it.')
    expect(pathGifProblem(3, '', 12)).toMatch(/^Frames between faces: a whole number from 1 to 120/)
    expect(pathGifProblem(3, 0, 12)).toMatch(/^Frames between faces/)
    expect(pathGifProblem(3, 2.5, 12)).toMatch(/^Frames between faces/)
    expect(pathGifProblem(3, 121, 12)).toMatch(/^Frames between faces/)
    expect(pathGifProblem(3, 12, '')).toMatch(/^Frames per second: a whole number from 1 to 50/)
    expect(pathGifProblem(3, 12, 51)).toMatch(/^Frames per second/)
    // 10 gaps × 100 frames + the end frame
    expect(pathGifProblem(11, 100, 12)).toBe(
      '1001 frames in all; a GIF takes at most 960: use fewer frames between faces.',
    )
  })
})

describe('pathGifScale', () => {
  it('scales small faces up by a whole factor to at least 256 px', () => {
    expect([16, 32, 64, 100, 256, 512].map(pathGifScale)).toEqual([16, 8, 4, 3, 1, 1])
  })
})
