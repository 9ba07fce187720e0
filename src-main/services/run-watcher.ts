import type { EventHub } from '../bridge/event-hub'
import type { RunOwnerQueries, RunState } from '../db/queries/run-owner'
import type { RunQueries } from '../db/queries/runs'
import { isDiskFull } from './disk-full'

const POLL_MS = 250
const ORPHAN_CHECK_MS = 5_000

export interface RunWatcherHooks {
  isLiveHere: (runId: number) => boolean
  /** Commands other processes left for this studio's runs. */
  takeCommands: () => void
  /** Marks runs whose owner died interrupted (they change nothing in the database themselves). */
  markInterrupted: () => void
}

/**
 * Sees what other processes write: polls SQLite's data_version (it moves only when another connection commits), then
 * hands over commands left for this studio and publishes runs trained elsewhere as if they trained here (runs.steps,
 * runs.changed, runs.removed), so every client sees every run on the data folder live.
 */
export class RunWatcher {
  readonly #timer: NodeJS.Timeout
  #version: number
  #states: Map<number, RunState>
  #lastOrphanCheck = Date.now()

  constructor(
    private readonly owners: RunOwnerQueries,
    private readonly runs: RunQueries,
    private readonly hub: EventHub,
    private readonly hooks: RunWatcherHooks,
  ) {
    this.#version = owners.dataVersion()
    this.#states = this.#readStates()
    this.#timer = setInterval(() => this.tick(), POLL_MS).unref()
  }

  tick(): void {
    try {
      const version = this.owners.dataVersion()
      if (version !== this.#version) {
        this.hooks.takeCommands()
        this.#publishChanges()
        this.#version = version
      }
      if (Date.now() - this.#lastOrphanCheck >= ORPHAN_CHECK_MS) {
        this.#lastOrphanCheck = Date.now()
        this.hooks.markInterrupted()
      }
    } catch (error) {
      // The database busy or its disk full for a moment: the next tick tries again; anything else is a bug.
      if (!isDiskFull(error) && (error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error
    }
  }

  close(): void {
    clearInterval(this.#timer)
  }

  #readStates(): Map<number, RunState> {
    return new Map(this.owners.states().map((state) => [state.id, state]))
  }

  #publishChanges(): void {
    const previous = this.#states
    this.#states = this.#readStates()
    for (const [runId, state] of this.#states) {
      if (this.hooks.isLiveHere(runId)) continue
      const before = previous.get(runId)
      if (before && state.step > before.step)
        this.hub.emit('runs.steps', { runId, steps: this.owners.stepsAfter(runId, before.step) })
      const changed =
        !before ||
        (['status', 'statusReason', 'epoch', 'updatedAt'] as const).some((key) => before[key] !== state[key]) ||
        state.step < before.step
      const summary = changed ? this.runs.summary(runId) : undefined
      if (summary) this.hub.emit('runs.changed', summary)
    }
    for (const runId of previous.keys()) if (!this.#states.has(runId)) this.hub.emit('runs.removed', { runId })
  }
}
