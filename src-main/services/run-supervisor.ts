import { rmSync } from 'node:fs'
import type { BackendName } from '../../src-shared/contract/device'
import { StudioError } from '../../src-shared/contract/errors'
import type { EventHub } from '../bridge/event-hub'
import type { RunOwner, RunOwnerQueries } from '../db/queries/run-owner'
import type { RunQueries } from '../db/queries/runs'
import { canTransition } from '../db/queries/run-status'
import { removeTempCheckpoints } from './checkpoint-leftovers'
import { isDiskFull } from './disk-full'
import { HEARTBEAT_MS, RunOwnership } from './run-ownership'
import { RunWatcher } from './run-watcher'
import type { SpawnTrainingProcess, TrainingProcess } from './training-process'
import type { TrainingCommand, TrainingReport } from './training-protocol'
import { UnwrittenReports } from './unwritten-reports'

type StartCommand = Extract<TrainingCommand, { type: 'start' }>

/**
 * The training workers of this studio: starts one per live run it owns (RunOwnership: one owner per run across
 * processes), keeps their heartbeat, and turns their reports into rows (steps in batches, samples, checkpoints after
 * their folder exists) and status changes. Commands for runs owned elsewhere are left for their owner; RunWatcher
 * hands over the ones left for this studio and publishes runs trained elsewhere.
 */
export class RunSupervisor {
  readonly #live = new Map<number, { process: TrainingProcess; done: Promise<void>; backend: BackendName | 'auto' }>()
  readonly #heartbeat: NodeJS.Timeout
  readonly #ownership: RunOwnership
  readonly #watcher: RunWatcher
  readonly #unwritten = new UnwrittenReports(
    (runId, report) => this.#onReport(runId, report),
    (runId, reason) => this.#pauseForFullDisk(runId, reason),
  )

  constructor(
    private readonly queries: RunQueries,
    private readonly hub: EventHub,
    private readonly spawn: SpawnTrainingProcess,
    private readonly keepCheckpoints: number,
    owners: RunOwnerQueries,
  ) {
    const isLiveHere = (runId: number) => this.#live.has(runId)
    this.#ownership = new RunOwnership(owners, isLiveHere)
    this.markInterrupted()
    this.#watcher = new RunWatcher(owners, queries, hub, {
      isLiveHere,
      takeCommands: () => this.#takeCommands(),
      markInterrupted: () => this.markInterrupted(),
    })
    this.#heartbeat = setInterval(() => {
      for (const runId of this.#live.keys()) unlessDiskFull(() => this.queries.heartbeat(runId))
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
    if (!this.#unwritten.retry(runId)) throw diskStillFull(runId)
    this.#ownership.claim(runId, () => this.queries.claim(runId, process.pid))
    // Owned here now, so nothing else writes into its checkpoints folder: what a killed write left can go.
    removeTempCheckpoints(command.checkpointsDir)
    const worker = this.spawn()
    let ended = false
    const done = new Promise<void>((resolve) => {
      worker.onReport((report) => {
        if (report.type === 'started') onStarted()
        if (report.type === 'refused') {
          ended = true
          this.queries.setStatus(runId, before === undefined || before === 'queued' ? 'failed' : before, report.reason)
          return this.#changed(runId)
        }
        if (report.type === 'stopped' || report.type === 'finished' || report.type === 'failed') ended = true
        this.#unwritten.accept(runId, report)
      })
      worker.onExit((code) => {
        this.#live.delete(runId)
        this.#unwritten.retry(runId)
        if (!ended) {
          const reason = `The training process exited unexpectedly (code ${code}); resume continues from the last checkpoint.`
          unlessDiskFull(() => this.queries.setStatus(runId, 'interrupted', reason))
        }
        this.#changed(runId)
        resolve()
      })
    })
    this.#live.set(runId, { process: worker, done, backend })
    worker.send(command)
    this.#changed(runId)
  }

  /**
   * Sends a control command to the run's worker, or leaves it for the run's owner in another studio; false when the run
   * is trained nowhere. A resume first writes what a full disk held back.
   */
  send(runId: number, command: Extract<TrainingCommand, { type: 'pause' | 'resume' | 'stop' }>): boolean {
    const live = this.#live.get(runId)
    if (!live) return this.#ownership.forward(runId, command.type)
    if (command.type === 'resume' && !this.#unwritten.retry(runId)) throw diskStillFull(runId)
    live.process.send(command)
    return true
  }

  /** The live owner of the run when it is another studio (process, instance or machine). */
  ownerElsewhere(runId: number): RunOwner | null {
    return this.#ownership.ownerElsewhere(runId)
  }

  #takeCommands(): void {
    for (const { runId, command } of this.#ownership.takeCommands()) {
      if (!this.#live.has(runId)) continue
      try {
        this.send(runId, { type: command })
      } catch (error) {
        // A resume refused while the disk is still full: the run stays paused, saying why.
        if (!(error instanceof StudioError)) throw error
      }
    }
  }

  /** Resolves when the run's worker has ended (at once when it has none). */
  whenDone(runId: number): Promise<void> {
    return this.#live.get(runId)?.done ?? Promise.resolve()
  }

  /** Live runs whose owner is gone (its process, or its heartbeat) are interrupted, never running forever. */
  markInterrupted(): void {
    for (const runId of this.#ownership.orphaned()) {
      unlessDiskFull(() =>
        this.queries.setStatus(
          runId,
          'interrupted',
          'The training process ended unexpectedly; resume continues from the last checkpoint.',
        ),
      )
      this.#changed(runId)
    }
  }

  close(): void {
    clearInterval(this.#heartbeat)
    this.#watcher.close()
    for (const { process } of this.#live.values()) process.send({ type: 'stop' })
  }

  #onReport(runId: number, report: TrainingReport): void {
    switch (report.type) {
      case 'started':
        this.queries.started(runId, report.device, report.stepsPerEpoch)
        break
      case 'steps':
        this.queries.appendSteps(runId, report.steps)
        this.hub.emit('runs.steps', { runId, steps: report.steps })
        return
      case 'samples':
        this.queries.addSamples(runId, report.epoch, report.step, report.files)
        break
      case 'health':
        this.queries.setNearestPhotos(runId, report.epoch, report.nearest)
        this.queries.setHealth(runId, report.epoch, report.items)
        break
      case 'quality':
        this.queries.addQuality(runId, report)
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
        break
      case 'failed':
        this.queries.setStatus(runId, 'failed', report.reason)
        break
      case 'preflight':
      case 'refused': // handled where the worker was started
        return
    }
    this.#changed(runId)
  }

  /**
   * SQLite could not write the run's reports: the worker pauses (its reports are kept until a resume writes them), and
   * clients see why, from the database if the status still fits in it, else from the event alone.
   */
  #pauseForFullDisk(runId: number, reason: string): void {
    this.#live.get(runId)?.process.send({ type: 'pause' })
    const status = this.queries.status(runId)
    if (status !== undefined && canTransition(status, 'paused'))
      unlessDiskFull(() => this.queries.setStatus(runId, 'paused', reason))
    const summary = this.queries.summary(runId)
    if (summary) this.hub.emit('runs.changed', { ...summary, status: 'paused', statusReason: reason })
  }

  #changed(runId: number): void {
    const summary = this.queries.summary(runId)
    if (summary) this.hub.emit('runs.changed', summary)
  }
}

function diskStillFull(runId: number): StudioError {
  return new StudioError(
    'UNAVAILABLE',
    `The disk is still full, so run ${runId} cannot go on yet: free some space, then resume.`,
  )
}

/** A bookkeeping write that can wait for space: a full disk skips it, anything else still throws. */
function unlessDiskFull(write: () => void): void {
  try {
    write()
  } catch (error) {
    if (!isDiskFull(error)) throw error
  }
}
