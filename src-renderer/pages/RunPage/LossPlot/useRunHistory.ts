import { useCallback, useEffect, useRef, useState } from 'react'
import type { RunHistory, StepRecord } from '../../../../src-main/contract/runs'
import { useStudioEvent } from '../../../hooks/useStudioEvent'
import { studio, unwrap } from '../../../studio'

export type Series = Pick<RunHistory, 'step' | 'dLoss' | 'gLoss' | 'dReal' | 'dFake'>
const KEYS = ['step', 'dLoss', 'gLoss', 'dReal', 'dFake'] as const

export const MAX_POINTS = 4000
/** Live points past this many halve the older points, so a long run's curve stays cheap to draw. */
const LIVE_CAP = 8000

export interface Zoom {
  fromStep: number
  toStep: number
  series: Series | null
}

function appendSteps(series: Series, steps: readonly StepRecord[]): Series {
  const last = series.step.at(-1) ?? -1
  const fresh = steps.filter((step) => step.step > last)
  if (fresh.length === 0) return series
  let next = Object.fromEntries(KEYS.map((key) => [key, [...series[key], ...fresh.map((step) => step[key])]])) as unknown as Series
  if (next.step.length > LIVE_CAP) {
    // Every other point of the older half: the newest points stay at full resolution.
    const keepFrom = Math.floor(next.step.length / 2)
    next = Object.fromEntries(KEYS.map((key) => [key, [...next[key].slice(0, keepFrom).filter((_, index) => index % 2 === 0), ...next[key].slice(keepFrom)]])) as unknown as Series
  }
  return next
}

/**
 * A run's step metrics: the downsampled history once, then live points appended from `runs.steps` events.
 * `zoomTo` fetches just a step range (at full resolution when it is short enough); `resetZoom` returns to the whole run.
 */
export function useRunHistory(runId: number) {
  const [series, setSeries] = useState<Series | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const [zoom, setZoom] = useState<Zoom | null>(null)
  const [generation, setGeneration] = useState(0)
  // Steps that arrive while the history is still loading are applied on top of it.
  const early = useRef<StepRecord[]>([])

  useEffect(() => {
    let live = true
    unwrap(studio.runs.history({ runId, maxPoints: MAX_POINTS })).then(
      (history) => {
        if (!live) return
        const { step, dLoss, gLoss, dReal, dFake } = history
        setSeries(appendSteps({ step, dLoss, gLoss, dReal, dFake }, early.current))
        early.current = []
      },
      (caught: Error) => live && setError(caught),
    )
    return () => {
      live = false
    }
  }, [runId, generation])

  useStudioEvent('runs.steps', (event) => {
    if (event.runId !== runId) return
    if (series === null) early.current.push(...event.steps)
    else setSeries((current) => (current ? appendSteps(current, event.steps) : current))
  })

  const zoomTo = useCallback(
    (fromStep: number, toStep: number) => {
      setZoom({ fromStep, toStep, series: null })
      unwrap(studio.runs.history({ runId, fromStep, toStep, maxPoints: MAX_POINTS })).then(
        ({ step, dLoss, gLoss, dReal, dFake }) =>
          setZoom((current) => (current && current.fromStep === fromStep && current.toStep === toStep ? { ...current, series: { step, dLoss, gLoss, dReal, dFake } } : current)),
        (caught: Error) => {
          setZoom(null)
          setError(caught)
        },
      )
    },
    [runId],
  )
  const resetZoom = useCallback(() => setZoom(null), [])
  const retry = useCallback(() => {
    setError(null)
    setGeneration((value) => value + 1)
  }, [])

  return { series, error, zoom, zoomTo, resetZoom, retry }
}
