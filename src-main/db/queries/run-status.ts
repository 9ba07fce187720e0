import type { RunStatus } from '../../../src-shared/contract/runs'

/**
 * Every status change a run may make. Writing a status checks this table, so no code path can, say, mark a finished
 * run paused or bring an interrupted one back to life without a worker. Staying in a status (a new reason) is allowed.
 */
export const RUN_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  // a new run, until its worker has started
  queued: ['running', 'stopped', 'failed', 'interrupted'],
  running: ['paused', 'stopped', 'finished', 'failed', 'interrupted'],
  paused: ['running', 'stopped', 'failed', 'interrupted'],
  // resumed (from its last or an earlier checkpoint) by a new worker
  stopped: ['running'],
  finished: ['running'],
  failed: ['running'],
  interrupted: ['running'],
}

export class RunStatusError extends Error {
  constructor(
    readonly from: RunStatus,
    readonly to: RunStatus,
  ) {
    super(`A ${from} run cannot become ${to} (allowed: ${RUN_TRANSITIONS[from].join(', ') || 'nothing'}).`)
    this.name = 'RunStatusError'
  }
}

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return from === to || RUN_TRANSITIONS[from].includes(to)
}

export function assertTransition(from: RunStatus, to: RunStatus): void {
  if (!canTransition(from, to)) throw new RunStatusError(from, to)
}
