import { useEffect, useState } from 'react'
import type { EpochQuality, EpochSamples, RunDetail, RunHistory } from '../../../src-shared/contract/runs'
import { useStudioEvent } from '../../hooks/useStudioEvent'
import { studio, unwrap } from '../../studio'

export interface ComparedRun {
  detail: RunDetail
  history: RunHistory
  samples: EpochSamples[]
  quality: EpochQuality[]
}

const MAX_POINTS = 2000

export type CompareState =
  | { status: 'idle' }
  | { status: 'loading'; previous: ComparedRun[] | null }
  | { status: 'error'; error: Error }
  | { status: 'ready'; runs: ComparedRun[] }

async function load(runId: number): Promise<ComparedRun> {
  const [detail, history, samples, quality] = await Promise.all([
    unwrap(studio.runs.get({ runId })),
    unwrap(studio.runs.history({ runId, maxPoints: MAX_POINTS })),
    unwrap(studio.runs.samples({ runId })),
    unwrap(studio.runs.quality({ runId })),
  ])
  return { detail, history, samples, quality }
}

/** Detail, history, samples and epoch scores of each picked run, fetched again when one of them changes (an epoch ends, it stops…). */
export function useCompareData(runIds: readonly number[]): CompareState & { reload: () => void } {
  const [result, setResult] = useState<{ key: string; runs: ComparedRun[] } | { key: string; error: Error } | null>(
    null,
  )
  const [generation, setGeneration] = useState(0)
  const key = runIds.join(',')
  useEffect(() => {
    if (key === '') return
    let live = true
    Promise.all(key.split(',').map((id) => load(Number(id)))).then(
      (runs) => live && setResult({ key, runs }),
      (error: Error) => live && setResult({ key, error }),
    )
    return () => {
      live = false
    }
  }, [key, generation])
  const reload = () => setGeneration((value) => value + 1)
  useStudioEvent('runs.changed', (run) => runIds.includes(run.id) && reload())

  let state: CompareState
  if (key === '') state = { status: 'idle' }
  else if (result?.key === key)
    state = 'runs' in result ? { status: 'ready', runs: result.runs } : { status: 'error', error: result.error }
  else state = { status: 'loading', previous: result && 'runs' in result ? result.runs : null }
  return { ...state, reload }
}

export const RUN_COLORS = ['#7048e8', '#0ca678', '#f76707', '#e64980'] as const

/** Runs may share a name: legends lead with each run's number. */
export const runLabel = (run: ComparedRun) => `#${run.detail.id} ${run.detail.name}`
