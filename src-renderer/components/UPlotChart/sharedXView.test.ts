import { describe, expect, it } from 'vitest'
import { clampRange, zoomRange } from './sharedXView'

describe('zoomRange', () => {
  it('keeps the anchor where it is on screen while scaling the width', () => {
    const [min, max] = zoomRange([0, 100], 25, 0.5)
    expect([min, max]).toEqual([12.5, 62.5])
    expect((25 - min) / (max - min)).toBeCloseTo(0.25, 12)
  })
})

describe('clampRange', () => {
  it('moves a range that was panned past either end back inside the data, keeping its width', () => {
    expect(clampRange([-30, 20], [0, 1000])).toEqual([0, 50])
    expect(clampRange([990, 1040], [0, 1000])).toEqual([950, 1000])
    expect(clampRange([100, 150], [0, 1000])).toEqual([100, 150])
  })

  it('is null (show everything) when zoomed out to the whole extent or further, or when the range is empty', () => {
    expect(clampRange([-500, 2000], [0, 1000])).toBeNull()
    expect(clampRange([0, 1000], [0, 1000])).toBeNull()
    expect(clampRange([5, 5], [0, 1000])).toBeNull()
  })
})
