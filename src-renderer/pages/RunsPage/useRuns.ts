import { useCallback, useEffect, useState } from 'react'
import type { RunSummary } from '../../../src-shared/contract/runs'
import { useStudioEvent } from '../../hooks/useStudioEvent'
import { studio, unwrap } from '../../studio'

export type RunsState =
  { status: 'loading' } | { status: 'error'; error: Error } | { status: 'ready'; runs: RunSummary[] }

/** Every run, kept current from `runs.changed` and `runs.removed` events (a changed run is patched in place). */
export function useRuns(): RunsState & { reload: () => void } {
  const [state, setState] = useState<RunsState>({ status: 'loading' })
  const [generation, setGeneration] = useState(0)
  const reload = useCallback(() => setGeneration((value) => value + 1), [])

  useEffect(() => {
    let live = true
    unwrap(studio.runs.list({})).then(
      (runs) => live && setState({ status: 'ready', runs }),
      (error: Error) => live && setState({ status: 'error', error }),
    )
    return () => {
      live = false
    }
  }, [generation])

  useStudioEvent('runs.changed', (run) => {
    if (state.status !== 'ready') return
    if (!state.runs.some((candidate) => candidate.id === run.id)) return reload()
    setState((current) =>
      current.status === 'ready'
        ? { status: 'ready', runs: current.runs.map((candidate) => (candidate.id === run.id ? run : candidate)) }
        : current,
    )
  })
  useStudioEvent('runs.removed', ({ runId }) =>
    setState((current) =>
      current.status === 'ready' ? { status: 'ready', runs: current.runs.filter((run) => run.id !== runId) } : current,
    ),
  )
  return { ...state, reload }
}
