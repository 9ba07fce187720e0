import { useCallback, useEffect, useRef, useState } from 'react'
import type { StepRecord } from '../../../../src-shared/contract/runs'
import type { XRange } from '../../../components/UPlotChart/sharedXView'
import { useStudioEvent } from '../../../hooks/useStudioEvent'
import { studio, unwrap } from '../../../studio'
import { appendSteps, detailCovers, seriesOf, type Detail, type Overview } from './series'

export const MAX_POINTS = 4000
/** Live points past this many halve the older points. */
const LIVE_CAP = 8000

/**
 * A run's step metrics: the downsampled history once, then live points appended from `runs.steps` events.
 * `showRange` reads the range being looked at (with half its width either side, so panning a little reads nothing)
 * at finer resolution when the overview is downsampled; at most one read is awaited, stale ones are dropped.
 */
export function useRunHistory(runId: number) {
  const [overview, setOverview] = useState<Overview | null>(null)
  const [detail, setDetail] = useState<Detail | null>(null)
  const [loadingRange, setLoadingRange] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const [generation, setGeneration] = useState(0)
  // Steps that arrive while the history is still loading are applied on top of it.
  const early = useRef<StepRecord[]>([])
  const latest = useRef<{ overview: Overview | null; detail: Detail | null; request: number }>({
    overview: null,
    detail: null,
    request: 0,
  })

  useEffect(() => {
    let live = true
    unwrap(studio.runs.history({ runId, maxPoints: MAX_POINTS })).then(
      (history) => {
        if (!live) return
        const next = appendSteps(
          { series: seriesOf(history), downsampled: history.downsampled },
          early.current,
          LIVE_CAP,
        )
        early.current = []
        latest.current.overview = next
        setOverview(next)
      },
      (caught: Error) => live && setError(caught),
    )
    return () => {
      live = false
    }
  }, [runId, generation])

  useStudioEvent('runs.steps', (event) => {
    if (event.runId !== runId) return
    const current = latest.current.overview
    if (current === null) return void early.current.push(...event.steps)
    const next = appendSteps(current, event.steps, LIVE_CAP)
    latest.current.overview = next
    setOverview(next)
  })

  const showRange = useCallback(
    (range: XRange | null) => {
      const showDetail = (next: Detail | null) => {
        latest.current.detail = next
        setDetail(next)
      }
      const request = ++latest.current.request
      if (!range || !latest.current.overview?.downsampled) {
        setLoadingRange(false)
        return showDetail(null)
      }
      if (detailCovers(latest.current.detail, range)) return setLoadingRange(false)
      const width = range[1] - range[0]
      const fromStep = Math.max(0, Math.floor(range[0] - width / 2))
      const toStep = Math.ceil(range[1] + width / 2)
      setLoadingRange(true)
      unwrap(studio.runs.history({ runId, fromStep, toStep, maxPoints: MAX_POINTS })).then(
        (history) => {
          if (request !== latest.current.request) return
          setLoadingRange(false)
          showDetail({ fromStep, toStep, downsampled: history.downsampled, series: seriesOf(history) })
        },
        (caught: Error) => {
          if (request !== latest.current.request) return
          setLoadingRange(false)
          setError(caught)
        },
      )
    },
    [runId],
  )

  const retry = useCallback(() => {
    setError(null)
    setGeneration((value) => value + 1)
  }, [])

  return { overview, detail, loadingRange, error, showRange, retry }
}
