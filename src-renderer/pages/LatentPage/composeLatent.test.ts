import { describe, expect, it } from 'vitest'
import { norm, seededLatents, splitLatents } from '../../../src-shared/latent-math'
import { composeLatent, DEFAULT_SEGMENT, latentOnPath, type Keyframe } from './composeLatent'
import { pathReducer, type PathState } from './pathState'

const [a, b, c] = splitLatents(seededLatents(4, 3, 16), 16)
const keyframes: Keyframe[] = [
  { key: 'a', label: 'a', latent: a! },
  { key: 'b', label: 'b', latent: b! },
  { key: 'c', label: 'c', latent: c! },
]

describe('latentOnPath', () => {
  it('hits every keyframe exactly at whole positions, and clamps beyond the ends', () => {
    const segments = [
      { interpolation: 'slerp', ease: 'smoothstep' },
      { interpolation: 'lerp', ease: 'linear' },
    ] as const
    expect(latentOnPath(keyframes, segments, 0)).toEqual(a)
    expect(latentOnPath(keyframes, segments, 1)).toEqual(b)
    expect(latentOnPath(keyframes, segments, 2)).toEqual(c)
    expect(latentOnPath(keyframes, segments, 7)).toEqual(c)
    expect(latentOnPath(keyframes, segments, -1)).toEqual(a)
    expect(latentOnPath(keyframes.slice(0, 1), [], 0.5)).toEqual(a)
  })

  it("uses each segment's own interpolation and ease", () => {
    const segments = [
      { interpolation: 'lerp', ease: 'linear' },
      { interpolation: 'lerp', ease: 'ease-in-quad' },
    ] as const
    const middleOfFirst = latentOnPath(keyframes, segments, 0.5)
    expect(middleOfFirst[3]).toBeCloseTo((a![3]! + b![3]!) / 2, 6)
    // ease-in-quad at ½ is ¼ of the way
    const middleOfSecond = latentOnPath(keyframes, segments, 1.5)
    expect(middleOfSecond[3]).toBeCloseTo(b![3]! + 0.25 * (c![3]! - b![3]!), 6)
    // slerp keeps a typical norm where lerp shrinks it
    const slerped = latentOnPath(keyframes, [{ interpolation: 'slerp', ease: 'linear' }], 0.5)
    expect(norm(slerped)).toBeGreaterThan(norm(middleOfFirst))
  })
})

describe('composeLatent', () => {
  it('moves along the directions by their offsets, then scales towards the mean by ψ', () => {
    const unitX = { vector: Array.from({ length: 16 }, (_, d) => (d === 0 ? 1 : 0)) }
    const unitY = { vector: Array.from({ length: 16 }, (_, d) => (d === 1 ? 1 : 0)) }
    const moved = composeLatent(a!, [unitX, unitY], [2, -1], 1)
    expect(moved[0]).toBeCloseTo(a![0]! + 2, 6)
    expect(moved[1]).toBeCloseTo(a![1]! - 1, 6)
    expect(moved[2]).toBe(a![2])
    const truncated = composeLatent(a!, [unitX], [2], 0.5)
    expect(truncated[0]).toBeCloseTo((a![0]! + 2) / 2, 6)
    expect(truncated[5]).toBeCloseTo(a![5]! / 2, 6)
    expect(composeLatent(a!, [], [], 0).every((value) => value === 0)).toBe(true)
    expect(composeLatent(a!, [], [], 1)).not.toBe(a)
  })
})

describe('pathReducer', () => {
  const start: PathState = { keyframes: [keyframes[0]!], segments: [], position: 0 }
  const add = (state: PathState, keyframe: Keyframe) => pathReducer(state, { type: 'add', keyframe })

  it('appends a face with a default segment and moves to it', () => {
    const two = add(start, keyframes[1]!)
    expect(two.keyframes.map((keyframe) => keyframe.key)).toEqual(['a', 'b'])
    expect(two.segments).toEqual([DEFAULT_SEGMENT])
    expect(two.position).toBe(1)
  })

  it('keeps one segment per gap when a face is removed, and the position on the path', () => {
    const lerp = { interpolation: 'lerp', ease: 'linear' } as const
    let three = add(add(start, keyframes[1]!), keyframes[2]!)
    three = pathReducer(three, { type: 'segment', index: 0, style: lerp })
    const withoutMiddle = pathReducer(three, { type: 'remove', index: 1 })
    expect(withoutMiddle.keyframes.map((keyframe) => keyframe.key)).toEqual(['a', 'c'])
    expect(withoutMiddle.segments).toEqual([lerp])
    expect(withoutMiddle.position).toBe(1)
    expect(pathReducer(three, { type: 'remove', index: 0 }).segments).toEqual([DEFAULT_SEGMENT])
    expect(pathReducer(three, { type: 'remove', index: 2 }).segments).toEqual([lerp])
    expect(pathReducer(start, { type: 'remove', index: 0 })).toBe(start)
    expect(pathReducer(three, { type: 'position', position: 9 }).position).toBe(2)
  })
})
