import { describe, expect, it } from 'vitest'
import type { RunHistory } from '../../src-shared/contract/runs'
import { metricsCsv, metricsFileName, metricsJson, readAllMetrics, STEPS_PER_READ } from './metricsExport'

/** A run of `count` steps (1…count), read as the studio answers runs.history for a range. */
function fakeRun(count: number) {
  const reads: [number, number][] = []
  const read = async (fromStep: number, toStep: number, maxPoints: number): Promise<RunHistory> => {
    reads.push([fromStep, toStep])
    const steps = Array.from({ length: count }, (_, index) => index + 1).filter(
      (step) => step >= fromStep && step <= toStep,
    )
    expect(steps.length).toBeLessThanOrEqual(maxPoints)
    return {
      totalSteps: count,
      downsampled: false,
      step: steps,
      epoch: steps.map((step) => Math.floor(step / 100)),
      seconds: steps.map((step) => step / 10),
      dLoss: steps.map(() => 0.5),
      gLoss: steps.map(() => 2),
      dReal: steps.map(() => 0.7),
      dFake: steps.map(() => 0.3),
    }
  }
  return { read, reads }
}

describe('metrics download', () => {
  it('reads every step of a long run, range by range, each small enough to come back whole', async () => {
    const count = 2 * STEPS_PER_READ + 5
    const { read, reads } = fakeRun(count)
    const metrics = await readAllMetrics(count, read)
    expect(metrics.step).toHaveLength(count)
    expect(metrics.step.at(-1)).toBe(count)
    expect(new Set(metrics.step).size).toBe(count)
    expect(reads).toEqual([
      [0, STEPS_PER_READ - 1],
      [STEPS_PER_READ, 2 * STEPS_PER_READ - 1],
      [2 * STEPS_PER_READ, 3 * STEPS_PER_READ - 1],
    ])
  })

  it('writes a CSV with a header and one row per step, and JSON with the same names', async () => {
    const metrics = await readAllMetrics(2, fakeRun(2).read)
    expect(metricsCsv(metrics)).toBe(
      'step,epoch,training_seconds,d_loss,g_loss,d_real,d_fake\n1,0,0.1,0.5,2,0.7,0.3\n2,0,0.2,0.5,2,0.7,0.3\n',
    )
    expect(JSON.parse(metricsJson({ id: 3, name: 'faces' }, metrics))).toEqual({
      run: { id: 3, name: 'faces' },
      steps: [
        { step: 1, epoch: 0, training_seconds: 0.1, d_loss: 0.5, g_loss: 2, d_real: 0.7, d_fake: 0.3 },
        { step: 2, epoch: 0, training_seconds: 0.2, d_loss: 0.5, g_loss: 2, d_real: 0.7, d_fake: 0.3 },
      ],
    })
  })

  it('names the file after the run, safely', () => {
    expect(metricsFileName({ id: 7, name: 'quick on "Faces" / 2' }, 'csv')).toBe('run-7-quick-on-Faces-2-metrics.csv')
  })
})
