import { describe, expect, it } from 'vitest'
import type uPlot from 'uplot'
import { curveAxisLabel, curveXAxis, logScaleRefusal, WHOLE_STEP_INCREMENTS } from './curveAxis'

describe('curve axes', () => {
  it('reads steps as whole numbers, epochs to two decimals, time as m:ss or h:mm:ss', () => {
    expect(curveAxisLabel('step', 1234.4)).toBe((1234).toLocaleString())
    expect(curveAxisLabel('epoch', 2.5)).toBe('2.50')
    expect(curveAxisLabel('time', 75.4)).toBe('1:15')
    expect(curveAxisLabel('time', 3 * 3600 + 62)).toBe('3:01:02')
  })

  it('ticks a run of a few seconds at tenths of a second, and a longer one at whole seconds', () => {
    const time = curveXAxis('time')
    const labels = (ticks: number[]) => (time.values as (chart: uPlot, ticks: number[]) => string[])({} as uPlot, ticks)
    expect((time.incrs as number[])[0]).toBe(0.1)
    expect(labels([0.2, 0.4, 0.6, 1.2])).toEqual(['0:00.2', '0:00.4', '0:00.6', '0:01.2'])
    expect(labels([0, 30, 60, 90])).toEqual(['0:00', '0:30', '1:00', '1:30'])
  })

  it('ticks a step axis only at whole steps', () => {
    expect(WHOLE_STEP_INCREMENTS.every((increment) => Number.isInteger(increment) && increment >= 1)).toBe(true)
    expect(WHOLE_STEP_INCREMENTS.slice(0, 4)).toEqual([1, 2, 5, 10])
  })

  it('refuses a log scale only when some value is zero or below', () => {
    expect(
      logScaleRefusal([
        [0.7, 0.5, null],
        [1.2, 3],
      ]),
    ).toBeNull()
    expect(logScaleRefusal([[0.7, -0.2]])).toMatch(/zero or below/)
  })
})
