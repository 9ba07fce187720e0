import { describe, expect, it } from 'vitest'
import { emaSmooth } from './smoothing'

describe('emaSmooth', () => {
  it('returns the input unchanged at weight 0', () => {
    const values = [3, 1, 4, 1, 5]
    expect(emaSmooth(values, 0)).toBe(values)
  })

  it('corrects the start-up bias: a constant series stays constant from its first point', () => {
    expect(emaSmooth([2, 2, 2, 2], 0.9)).toEqual([2, 2, 2, 2].map(() => expect.closeTo(2, 12)))
  })

  it('weights the past by `weight` and each new point by 1 − weight, divided by the bias correction', () => {
    const [a, b, c] = emaSmooth([1, 3, 5], 0.5)
    expect(a).toBeCloseTo(1, 12)
    expect(b).toBeCloseTo((0.25 * 1 + 0.5 * 3) / 0.75, 12)
    expect(c).toBeCloseTo((0.125 * 1 + 0.25 * 3 + 0.5 * 5) / 0.875, 12)
  })

  it('passes a non-finite value through without poisoning the points after it', () => {
    const smoothed = emaSmooth([1, Number.NaN, 1, Number.POSITIVE_INFINITY, 1], 0.6)
    expect(smoothed[1]).toBeNaN()
    expect(smoothed[3]).toBe(Number.POSITIVE_INFINITY)
    expect(smoothed[4]).toBeCloseTo(1, 12)
  })

  it('damps noise around a level', () => {
    const noisy = Array.from({ length: 400 }, (_, index) => 1 + (index % 2 === 0 ? 0.5 : -0.5))
    const tail = emaSmooth(noisy, 0.9).slice(200)
    expect(Math.max(...tail) - Math.min(...tail)).toBeLessThan(0.2)
  })
})
