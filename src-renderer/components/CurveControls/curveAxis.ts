import type uPlot from 'uplot'

/** What the training curves are drawn against: steps, epochs, or training time (seconds, pauses left out). */
export type CurveAxis = 'step' | 'epoch' | 'time'

export const curveAxisName = (axis: CurveAxis) => (axis === 'time' ? 'training time' : axis)

/**
 * An x value as the axis reads it: whole steps, epochs to two decimals, or time as h:mm:ss / m:ss (with tenths of a
 * second when `tenths`: the ticks of a run shorter than a few seconds).
 */
export function curveAxisLabel(axis: CurveAxis, value: number, tenths = false): string {
  if (axis === 'step') return Math.round(value).toLocaleString()
  if (axis === 'epoch') return value.toFixed(2)
  const scaled = Math.max(0, Math.round(value * (tenths ? 10 : 1)))
  const seconds = tenths ? Math.floor(scaled / 10) : scaled
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60]
  const two = (n: number) => String(n).padStart(2, '0')
  const fraction = tenths ? `.${scaled % 10}` : ''
  return h > 0 ? `${h}:${two(m)}:${two(s)}${fraction}` : `${m}:${two(s)}${fraction}`
}

/** Tick spacings of 1, 2 and 5 × 10ⁿ only: a step axis never shows a fractional step. */
export const WHOLE_STEP_INCREMENTS = Array.from({ length: 10 }, (_, power) =>
  [1, 2, 5].map((unit) => unit * 10 ** power),
).flat()

/** Time ticks at round tenths of a second (a run of a few seconds), seconds, minutes and hours. */
const TIME_INCREMENTS = [
  0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 18_000, 36_000, 86_400,
]

/** The x axis of a training-curve plot: labelled, with ticks that suit the unit. */
export function curveXAxis(axis: CurveAxis): uPlot.Axis {
  const label = axis === 'time' ? 'training time' : axis
  const values = (_chart: uPlot, ticks: number[]) => {
    const tenths = axis === 'time' && ticks.length > 1 && ticks[1]! - ticks[0]! < 1
    return ticks.map((tick) => curveAxisLabel(axis, tick, tenths))
  }
  if (axis === 'step') return { label, incrs: WHOLE_STEP_INCREMENTS, values }
  if (axis === 'time') return { label, incrs: TIME_INCREMENTS, values }
  return { label }
}

/** The y scale: linear, or base-10 log (only for values above zero). */
export const curveYScale = (logScale: boolean): uPlot.Scale => (logScale ? { distr: 3, log: 10 } : {})

/** Why these series cannot go on a log scale, or null when they can. */
export function logScaleRefusal(series: readonly (readonly (number | null)[])[]): string | null {
  const nonPositive = series.some((values) => values.some((value) => value !== null && value <= 0))
  return nonPositive ? 'Some values are zero or below (a WGAN critic loss can be): a log scale cannot show them.' : null
}
