import { describe, expect, it } from 'vitest'
import { downsampleIndices } from './downsample'

describe('downsampleIndices', () => {
  it('keeps every point of a short series', () => {
    expect(downsampleIndices(5, 100, [[1, 2, 3, 4, 5]])).toEqual([0, 1, 2, 3, 4])
  })

  it('keeps a one-step spike and dip in a long series, within the point budget', () => {
    const length = 1_000_000
    const loss = new Float64Array(length).fill(1)
    loss[654_321] = 50
    const other = new Float64Array(length).fill(0.5)
    other[123_457] = -9
    const picked = downsampleIndices(length, 2000, [loss, other])
    expect(picked.length).toBeLessThanOrEqual(2001)
    expect(picked).toContain(654_321)
    expect(picked).toContain(123_457)
    expect(picked[0]).toBe(0)
    expect(picked.at(-1)).toBe(length - 1)
    expect([...picked].sort((a, b) => a - b)).toEqual(picked)
  })
})
