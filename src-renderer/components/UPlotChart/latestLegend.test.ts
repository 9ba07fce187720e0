import { describe, expect, it } from 'vitest'
import { latestIndices } from './latestLegend'

describe('latestIndices', () => {
  it('points each series at its own last value, so a run that ended earlier still shows where it ended', () => {
    expect(
      latestIndices([
        [0, 1, 2, 3],
        [0.5, 0.4, 0.3, 0.2],
        [0.9, 0.8, null, null],
        [null, null, null, null],
      ]),
    ).toEqual([3, 3, 1, null])
  })

  it('is null everywhere for a run with no steps yet', () => {
    expect(latestIndices([[], []])).toEqual([null, null])
  })
})
