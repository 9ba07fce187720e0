import { describe, expect, it } from 'vitest'
import type { StepRecord } from '../../../../src-shared/contract/runs'
import { appendSteps, detailCovers, mergeDetail, type Series } from './series'

const record = (step: number, loss = step): StepRecord => ({
  step,
  epoch: 0,
  dLoss: loss,
  gLoss: -loss,
  dReal: 0.5,
  dFake: 0.5,
  stepMs: 10,
})
const seriesOf = (steps: number[], loss = (step: number) => step): Series => ({
  step: steps,
  dLoss: steps.map(loss),
  gLoss: steps.map((step) => -loss(step)),
  dReal: steps.map(() => 0.5),
  dFake: steps.map(() => 0.5),
  seconds: steps.map((step) => step / 100),
})

describe('appendSteps', () => {
  it('adds only the steps after the last one shown (an event may repeat steps the history already had)', () => {
    const next = appendSteps(
      { series: seriesOf([1, 2, 3]), downsampled: false },
      [record(2), record(3), record(4), record(5)],
      100,
    )
    expect(next.series.step).toEqual([1, 2, 3, 4, 5])
    expect(next.series.gLoss).toEqual([-1, -2, -3, -4, -5])
    // each live step took 10 ms: the training time runs on from the history's last point
    expect(next.series.seconds).toEqual([0.01, 0.02, 0.03, 0.04, 0.05])
    expect(next.downsampled).toBe(false)
  })

  it('past the cap halves the older half and keeps the newest steps at full resolution', () => {
    const next = appendSteps(
      { series: seriesOf([1, 2, 3, 4, 5, 6, 7, 8]), downsampled: false },
      [record(9), record(10)],
      8,
    )
    expect(next.series.step).toEqual([1, 3, 5, 6, 7, 8, 9, 10])
    expect(next.series.dLoss).toEqual(next.series.step)
    expect(next.downsampled).toBe(true)
  })

  it('returns the same overview when nothing is new, so nothing re-renders', () => {
    const overview = { series: seriesOf([1, 2]), downsampled: false }
    expect(appendSteps(overview, [record(1)], 10)).toBe(overview)
  })
})

describe('mergeDetail', () => {
  it('replaces the overview points within the detail with the detail, keeping the overview on either side', () => {
    const overview = seriesOf([0, 100, 200, 300, 400, 500])
    const detail = seriesOf([150, 151, 152, 153, 250], (step) => step * 10)
    const merged = mergeDetail(overview, detail)
    expect(merged.step).toEqual([0, 100, 150, 151, 152, 153, 250, 300, 400, 500])
    expect(merged.dLoss).toEqual([0, 100, 1500, 1510, 1520, 1530, 2500, 300, 400, 500])
  })

  it('keeps live points newer than the detail even when the detail was asked for beyond them', () => {
    const merged = mergeDetail(seriesOf([0, 100, 200, 201, 202]), seriesOf([150, 160, 170]))
    expect(merged.step).toEqual([0, 100, 150, 160, 170, 200, 201, 202])
  })

  it('leaves the overview alone for an empty detail', () => {
    const overview = seriesOf([1, 2, 3])
    expect(mergeDetail(overview, seriesOf([]))).toBe(overview)
  })
})

describe('detailCovers', () => {
  const detail = { fromStep: 1000, toStep: 3000, downsampled: true, series: seriesOf([]) }

  it('is false without a detail or when the range reaches outside it', () => {
    expect(detailCovers(null, [0, 10])).toBe(false)
    expect(detailCovers(detail, [900, 1500])).toBe(false)
    expect(detailCovers(detail, [2500, 3100])).toBe(false)
  })

  it('is true inside a downsampled detail until zoomed in more than three times further', () => {
    expect(detailCovers(detail, [1200, 2000])).toBe(true)
    expect(detailCovers(detail, [1200, 1500])).toBe(false)
    expect(detailCovers({ ...detail, downsampled: false }, [1200, 1201])).toBe(true)
  })
})
