import { describe, expect, it } from 'vitest'
import { curveAxisLabel, logScaleRefusal, WHOLE_STEP_INCREMENTS } from './curveAxis'

describe('curve axes', () => {
  it('reads steps as whole numbers, epochs to two decimals, time as m:ss or h:mm:ss', () => {
    expect(curveAxisLabel('step', 1234.4)).toBe((1234).toLocaleString())
    expect(curveAxisLabel('epoch', 2.5)).toBe('2.50')
    expect(curveAxisLabel('time', 75.4)).toBe('1:15')
    expect(curveAxisLabel('time', 3 * 3600 + 62)).toBe('3:01:02')
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
