import type { RunStatus, RunSummary } from '../../../src-shared/contract/runs'
import { durationLabel } from '../../lib/quantityText'

export const STATUS_COLORS: Record<RunStatus, string> = {
  queued: 'gray',
  running: 'blue',
  paused: 'yellow',
  stopped: 'gray',
  finished: 'teal',
  failed: 'red',
  interrupted: 'orange',
}

/** Runs a worker is attached to: they can be paused or stopped, not deleted. */
export function isLive(status: RunStatus): boolean {
  return status === 'running' || status === 'paused' || status === 'queued'
}

/** Runs that `runs.resume` continues: a paused one where it is, the others from their last checkpoint. */
export function canResume(run: Pick<RunSummary, 'status' | 'epoch' | 'epochs'>): boolean {
  if (run.status === 'finished') return run.epoch < run.epochs
  return run.status === 'paused' || run.status === 'stopped' || run.status === 'interrupted' || run.status === 'failed'
}

/** Time left: the steps still to train × the mean of recent step times; null while either is unknown. */
export function etaMs(
  run: Pick<RunSummary, 'status' | 'stepsPerEpoch' | 'epochs' | 'step'>,
  step: number,
  meanStepMs: number | null,
): number | null {
  if (run.status !== 'running' || meanStepMs === null || run.stepsPerEpoch <= 0) return null
  const remaining = Math.max(0, run.stepsPerEpoch * run.epochs - Math.max(step, run.step))
  return remaining * meanStepMs
}

export function etaLabel(ms: number | null): string {
  return ms === null ? '—' : durationLabel(ms / 1000)
}

export function lossLabel(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(3)
}

export function dateLabel(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}
