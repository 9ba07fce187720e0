import { describe, expect, it } from 'vitest'
import { canResume, etaLabel, etaMs, isLive, lossLabel } from './runText'

describe('runText', () => {
  it('offers resume to paused, stopped, failed and interrupted runs, and to finished ones with epochs left', () => {
    expect(canResume({ status: 'paused', epoch: 1, epochs: 5 })).toBe(true)
    expect(canResume({ status: 'interrupted', epoch: 1, epochs: 5 })).toBe(true)
    expect(canResume({ status: 'failed', epoch: 0, epochs: 5 })).toBe(true)
    expect(canResume({ status: 'finished', epoch: 5, epochs: 5 })).toBe(false)
    expect(canResume({ status: 'running', epoch: 1, epochs: 5 })).toBe(false)
    expect(isLive('paused')).toBe(true)
    expect(isLive('stopped')).toBe(false)
  })

  it('estimates time left from the steps still to train and the recent step time, only while running', () => {
    const run = { status: 'running' as const, stepsPerEpoch: 10, epochs: 3, step: 5 }
    expect(etaMs(run, 20, 100)).toBe(1000)
    expect(etaMs(run, 0, 100)).toBe(2500)
    expect(etaMs({ ...run, status: 'paused' }, 20, 100)).toBeNull()
    expect(etaMs(run, 20, null)).toBeNull()
    expect(etaLabel(null)).toBe('—')
    expect(etaLabel(90_000)).toBe('1 min 30 s')
  })

  it('writes losses with three decimals, large ones whole, and a dash for what is not a number', () => {
    expect(lossLabel(0.69314)).toBe('0.693')
    expect(lossLabel(1234.5)).toBe('1235')
    expect(lossLabel(Number.NaN)).toBe('—')
    expect(lossLabel(null)).toBe('—')
  })
})
