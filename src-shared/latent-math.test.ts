import { describe, expect, it } from 'vitest'
import { fixedNoise } from '../src-main/engine/trainer'
import {
  EASES,
  EASE_NAMES,
  SLERP_PARALLEL_DOT,
  dot,
  ease,
  lerp,
  meanLatent,
  norm,
  pathFrames,
  seededLatents,
  slerp,
  splitLatents,
  truncate,
} from './latent-math'

const f = (...v: number[]) => Float32Array.from(v)
const close = (a: ArrayLike<number>, b: ArrayLike<number>, eps = 1e-6) => {
  expect(a.length).toBe(b.length)
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(eps)
}
const finite = (a: ArrayLike<number>) => Array.from(a).every(Number.isFinite)

describe('lerp / slerp', () => {
  const a = f(1, 0, 0, 0)
  const b = f(0, 1, 0, 0)

  it('slerp hits both endpoints exactly', () => {
    const x = seededLatents(1, 2, 16)
    const [p, q] = splitLatents(x, 16) as [Float32Array, Float32Array]
    close(slerp(p, q, 0), p)
    close(slerp(p, q, 1), q)
    close(lerp(p, q, 0), p)
    close(lerp(p, q, 1), q)
  })

  it('unit inputs give a unit-norm midpoint on the great circle', () => {
    const m = slerp(a, b, 0.5)
    expect(norm(m)).toBeCloseTo(1, 6)
    close(m, f(Math.SQRT1_2, Math.SQRT1_2, 0, 0))
    for (const t of [0.1, 0.3, 0.7, 0.9]) expect(norm(slerp(a, b, t))).toBeCloseTo(1, 6)
    // lerp shrinks: the reason to slerp
    expect(norm(lerp(a, b, 0.5))).toBeCloseTo(Math.SQRT1_2, 6)
  })

  it('interpolates the norm linearly for non-unit inputs', () => {
    expect(norm(slerp(f(2, 0, 0), f(0, 4, 0), 0.5))).toBeCloseTo(3, 5)
  })

  it('antiparallel inputs: no NaN, a half-circle path of constant norm through a perpendicular direction', () => {
    const p = f(1, 2, 3, 4)
    const q = f(-1, -2, -3, -4)
    const n = norm(p)
    for (let i = 0; i <= 10; i++) {
      const m = slerp(p, q, i / 10)
      expect(finite(m)).toBe(true)
      expect(norm(m)).toBeCloseTo(n, 4)
    }
    const mid = slerp(p, q, 0.5)
    expect(Math.abs(dot(mid, p))).toBeLessThan(1e-4) // perpendicular at the middle
    close(slerp(p, q, 1), q)
    // deterministic
    close(slerp(p, q, 0.37), slerp(p, q, 0.37), 0)
    // a 1-D antiparallel pair has no perpendicular: falls back to lerp, still finite
    expect(finite(slerp(f(2), f(-2), 0.5))).toBe(true)
  })

  it('nearly parallel inputs fall back to lerp', () => {
    const p = f(1, 0, 0)
    const q = f(1, 1e-3, 0)
    expect(dot(p, q) / (norm(p) * norm(q))).toBeGreaterThan(SLERP_PARALLEL_DOT)
    close(slerp(p, q, 0.25), lerp(p, q, 0.25), 0)
    close(slerp(p, p, 0.5), p, 0)
  })

  it('zero vectors and mismatched lengths', () => {
    close(slerp(f(0, 0), f(2, 2), 0.5), f(1, 1))
    expect(() => slerp(f(1, 2), f(1, 2, 3), 0.5)).toThrow(/length/)
  })
})

describe('eases', () => {
  it('every ease maps 0→0 and 1→1, is monotone, and clamps', () => {
    for (const name of EASE_NAMES) {
      expect(ease(name, 0)).toBeCloseTo(0, 12)
      expect(ease(name, 1)).toBeCloseTo(1, 12)
      expect(ease(name, -1)).toBeCloseTo(0, 12)
      expect(ease(name, 2)).toBeCloseTo(1, 12)
      let prev = -Infinity
      for (let i = 0; i <= 100; i++) {
        const v = EASES[name](i / 100)
        expect(v).toBeGreaterThanOrEqual(prev - 1e-12)
        prev = v
      }
    }
    expect(ease('ease-in-out-cubic', 0.5)).toBeCloseTo(0.5, 12)
    expect(ease('ease-in-out-cubic', 0.25)).toBeCloseTo(0.0625, 12)
  })
})

describe('truncation and seeds', () => {
  it('scales towards the mean', () => {
    const z = f(2, -4, 6, 8)
    close(truncate(z, 0.5, 2), f(1, -2, 3, 4))
    close(truncate(z, 1, 2), z)
    close(truncate(z, 0, 2, f(1, 1)), f(1, 1, 1, 1))
    close(truncate(z, 0.5, 2, f(2, 0)), f(2, -2, 4, 4))
    expect(() => truncate(z, 1.5, 2)).toThrow(/between 0 and 1/)
    close(meanLatent(z, 2), f(4, 2))
  })

  it("seededLatents(seed) are the run's preview latents (fixedNoise) and prefix-stable", () => {
    close(seededLatents(7, 5, 10), fixedNoise(7, 10, 5), 0)
    close(seededLatents(7, 3, 10), seededLatents(7, 5, 10).subarray(0, 30), 0)
  })
})

describe('keyframe paths', () => {
  const k = [f(1, 0), f(0, 1), f(-1, 0)]

  it('an open path hits every keyframe and ends on the last one', () => {
    const { latents, count, keyframeAt } = pathFrames({
      keyframes: k,
      segments: { interpolation: 'slerp', ease: 'linear', frames: 4 },
    })
    expect(count).toBe(9)
    expect(keyframeAt).toEqual([0, 4, 8])
    const frames = splitLatents(latents, 2)
    keyframeAt.forEach((at, i) => close(frames[at]!, k[i]!))
    close(frames[2]!, f(Math.SQRT1_2, Math.SQRT1_2))
    for (const fr of frames) expect(norm(fr)).toBeCloseTo(1, 5)
  })

  it('a loop returns to the start without repeating it; per-segment kinds and eases apply', () => {
    const { count, latents, keyframeAt } = pathFrames({
      keyframes: k,
      loop: true,
      segments: [
        { interpolation: 'lerp', ease: 'linear', frames: 2 },
        { interpolation: 'slerp', ease: 'ease-in-out-cubic', frames: 3 },
        { interpolation: 'lerp', ease: 'ease-in-quad', frames: 2 },
      ],
    })
    expect(count).toBe(7)
    expect(keyframeAt).toEqual([0, 2, 5])
    const frames = splitLatents(latents, 2)
    close(frames[1]!, f(0.5, 0.5))
    close(frames[6]!, lerp(k[2]!, k[0]!, 0.25))
  })

  it('validates segment counts and frame numbers', () => {
    expect(() =>
      pathFrames({ keyframes: k, segments: [{ interpolation: 'lerp', ease: 'linear', frames: 2 }] }),
    ).toThrow(/segments/)
    expect(() => pathFrames({ keyframes: k, segments: { interpolation: 'lerp', ease: 'linear', frames: 0 } })).toThrow(
      /frame/,
    )
    expect(pathFrames({ keyframes: [f(1, 2)], segments: [] }).count).toBe(1)
  })
})
