import { rmSync } from 'node:fs'
import type { BackendName } from '../../src-shared/contract/device'
import type { EventHub } from '../bridge/event-hub'
import type { RunQueries } from '../db/queries/runs'
import type { SpawnTrainingProcess, TrainingProcess } from './training-process'
import type { TrainingCommand, TrainingReport } from './training-protocol'

const HEARTBEAT_MS = 5_000
const STALE_AFTER_MS = 60_000

type StartCommand = Extract<TrainingCommand, { type: 'start' }>

/**
 * The training workers of this studio process: starts one per live run, keeps their heartbeat, and turns their reports
 * into rows (steps in batches, samples, checkpoints after their folder exists) and status changes.
 */
export class RunSupervisor {
  readonly #live = new Map<number, { process: TrainingProcess; done: Promise<void>; backend: BackendName | 'auto' }>()
  readonly #heartbeat: NodeJS.Timeout

  constructor(
    private readonly queries: RunQueries,
    private readonly hub: EventHub,
    private readonly spawn: SpawnTrainingProcess,
    private readonly keepCheckpoints: number,
  ) {
    this.markInterrupted()
    this.#heartbeat = setInterval(() => {
      for (const runId of this.#live.keys()) this.queries.heartbeat(runId)
    }, HEARTBEAT_MS).unref()
  }

  isLive(runId: number): boolean {
    return this.#live.has(runId)
  }

  /**
   * `onStarted` runs when the worker has loaded and checked everything and is about to train, before any of its
   * reports is handled: what a resume discards is discarded there. A refused run goes back to the status it had.
   */
  start(command: StartCommand, backend: BackendName | 'auto', onStarted: () => void = () => {}): void {
    const { runId } = command
    const before = this.queries.status(runId)
    const worker = this.spawn()
    this.queries.claim(runId, process.pid)
    let ended = false
    const done = new Promise<void>((resolve) => {
      worker.onReport((report) => {
        if (report.type === 'started') onStarted()
        if (report.type === 'refused') {
          this.queries.setStatus(runId, before === undefined || before === 'queued' ? 'failed' : before, report.reason)
          ended = true
          return this.#changed(runId)
        }
        if (this.#onReport(runId, report)) ended = true
      })
      worker.onExit((code) => {
        this.#live.delete(runId)
        if (!ended) {
          this.queries.setStatus(runId, 'interrupted', `The training process exited unexpectedly (code ${code}); resume continues from the last checkpoint.`)
        }
        this.#changed(runId)
        resolve()
      })
    })
    this.#live.set(runId, { process: worker, done, backend })
    worker.send(command)
    this.#changed(runId)
  }

  /** Sends a control command to the run's worker; false when the run has none in this process. */
  send(runId: number, command: Extract<TrainingCommand, { type: 'pause' | 'resume' | 'stop' }>): boolean {
    const live = this.#live.get(runId)
    live?.process.send(command)
    return live !== undefined
  }

  /** Resolves when the run's worker has ended (at once when it has none). */
  whenDone(runId: number): Promise<void> {
    return this.#live.get(runId)?.done ?? Promise.resolve()
  }

  /** Live runs whose owner process is gone, or silent for a minute, are interrupted, never running forever. */
  markInterrupted(): void {
    for (const run of this.queries.liveRuns()) {
      if (this.#live.has(run.id)) continue
      const ownerAlive = run.owner_pid !== null && run.owner_pid !== process.pid && isAlive(run.owner_pid)
      const fresh = run.heartbeat_at !== null && Date.now() - run.heartbeat_at < STALE_AFTER_MS
      if (!(ownerAlive && fresh)) {
        this.queries.setStatus(run.id, 'interrupted', 'The training process ended unexpectedly; resume continues from the last checkpoint.')
      }
    }
  }

  close(): void {
    clearInterval(this.#heartbeat)
    for (const { process } of this.#live.values()) process.send({ type: 'stop' })
  }

  /** Returns true when the report ends the run. */
  #onReport(runId: number, report: TrainingReport): boolean {
    switch (report.type) {
      case 'started':
        this.queries.started(runId, report.device, report.stepsPerEpoch)
        break
      case 'steps':
        this.queries.appendSteps(runId, report.steps)
        this.hub.emit('runs.steps', { runId, steps: report.steps })
        return false
      case 'samples':
        this.queries.addSamples(runId, report.epoch, report.step, report.files)
        break
      case 'checkpoint':
        this.queries.addCheckpoint(runId, report.epoch, report.step, report.folder, report.bytes)
        for (const old of this.queries.prunableCheckpoints(runId, this.keepCheckpoints)) {
          this.queries.deleteCheckpoint(old.id)
          rmSync(old.folder, { recursive: true, force: true })
        }
        break
      case 'paused':
        this.queries.setStatus(runId, 'paused', report.reason)
        break
      case 'resumed':
        this.queries.setStatus(runId, 'running')
        break
      case 'stopped':
      case 'finished':
        this.queries.setStatus(runId, report.type)
        this.#changed(runId)
        return true
      case 'failed':
        this.queries.setStatus(runId, 'failed', report.reason)
        this.#changed(runId)
        return true
      case 'preflight':
      case 'refused': // handled where the worker was started
        return false
    }
    this.#changed(runId)
    return false
  }

  #changed(runId: number): void {
    const summary = this.queries.summary(runId)
    if (summary) this.hub.emit('runs.changed', summary)
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
