import { useSyncExternalStore } from 'react'
import type { StepRecord } from '../../../src-shared/contract/runs'
import { studio } from '../../studio'

/** The latest step of a training run as seen in `runs.steps` events, with the mean of its recent step times. */
export interface LiveStep {
  step: number
  epoch: number
  dLoss: number
  gLoss: number
  meanStepMs: number
}

const WINDOW = 50
const recent = new Map<number, number[]>()
const latest = new Map<number, LiveStep>()
const listeners = new Set<() => void>()
let unsubscribe: (() => void) | null = null

function record(runId: number, steps: readonly StepRecord[]): void {
  const last = steps.at(-1)
  if (!last) return
  const times = recent.get(runId) ?? []
  times.push(...steps.map((step) => step.stepMs))
  if (times.length > WINDOW) times.splice(0, times.length - WINDOW)
  recent.set(runId, times)
  const meanStepMs = times.reduce((total, ms) => total + ms, 0) / times.length
  latest.set(runId, { step: last.step, epoch: last.epoch, dLoss: last.dLoss, gLoss: last.gLoss, meanStepMs })
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  unsubscribe ??= studio.on('runs.steps', ({ runId, steps }) => record(runId, steps))
  return () => {
    listeners.delete(listener)
    // Keep listening while anything shows a run; forget step times once nothing does.
    if (listeners.size === 0 && unsubscribe) {
      unsubscribe()
      unsubscribe = null
      recent.clear()
      latest.clear()
    }
  }
}

/** The run's latest live step (null until a `runs.steps` event for it arrives while something is watching). */
export function useLiveStep(runId: number): LiveStep | null {
  return useSyncExternalStore(
    subscribe,
    () => latest.get(runId) ?? null,
    () => null,
  )
}
