import type { RunHistory, StepRecord } from '../../../../src-shared/contract/runs'
import type { XRange } from '../../../components/UPlotChart/sharedXView'

/** Step metrics as parallel arrays, in step order. */
export type Series = Pick<RunHistory, 'step' | 'dLoss' | 'gLoss' | 'dReal' | 'dFake' | 'seconds'>
const KEYS = ['step', 'dLoss', 'gLoss', 'dReal', 'dFake', 'seconds'] as const

/** The whole run: downsampled when it had (or grew) more points than are worth drawing. */
export interface Overview {
  series: Series
  downsampled: boolean
}

export function seriesOf(history: Series): Series {
  const { step, dLoss, gLoss, dReal, dFake, seconds } = history
  return { step, dLoss, gLoss, dReal, dFake, seconds }
}

function mapKeys(make: (key: (typeof KEYS)[number]) => number[]): Series {
  return Object.fromEntries(KEYS.map((key) => [key, make(key)])) as unknown as Series
}

/**
 * Live steps added after the last one shown. Past `cap` points, every other point of the older half is dropped,
 * so a long run's curve stays cheap to draw while its newest steps stay at full resolution.
 */
export function appendSteps(overview: Overview, steps: readonly StepRecord[], cap: number): Overview {
  const last = overview.series.step.at(-1) ?? -1
  const fresh = steps.filter((step) => step.step > last)
  if (fresh.length === 0) return overview
  // live steps carry their own time: the running training time goes on from the last point's
  let seconds = overview.series.seconds.at(-1) ?? 0
  const freshSeconds = fresh.map((step) => (seconds += step.stepMs / 1000))
  const series = mapKeys((key) => [
    ...overview.series[key],
    ...(key === 'seconds' ? freshSeconds : fresh.map((step) => step[key])),
  ])
  if (series.step.length <= cap) return { series, downsampled: overview.downsampled }
  const keepFrom = Math.floor(series.step.length / 2)
  return {
    series: mapKeys((key) => [
      ...series[key].slice(0, keepFrom).filter((_, index) => index % 2 === 0),
      ...series[key].slice(keepFrom),
    ]),
    downsampled: true,
  }
}

/** The overview with the steps `detail` spans replaced by `detail` (a range read at finer resolution). */
export function mergeDetail(overview: Series, detail: Series): Series {
  const first = detail.step[0]
  const last = detail.step.at(-1)
  if (first === undefined || last === undefined) return overview
  const before = overview.step.findIndex((step) => step >= first)
  const head = before === -1 ? overview.step.length : before
  const after = overview.step.findIndex((step) => step > last)
  const tail = after === -1 ? overview.step.length : after
  return mapKeys((key) => [...overview[key].slice(0, head), ...detail[key], ...overview[key].slice(tail)])
}

/** A step range read at finer resolution than the overview, around what the user is looking at. */
export interface Detail {
  fromStep: number
  toStep: number
  downsampled: boolean
  series: Series
}

/** Whether `detail` already shows `range` well: it spans it, at full resolution or not much coarser than a fresh read. */
export function detailCovers(detail: Detail | null, range: XRange): boolean {
  if (!detail || detail.fromStep > range[0] || detail.toStep < range[1]) return false
  return !detail.downsampled || detail.toStep - detail.fromStep <= 3 * (range[1] - range[0])
}
