import { randomInt } from 'node:crypto'
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { BackendName } from '../../src-shared/contract/device'
import { StudioError } from '../../src-shared/contract/errors'
import { hyperparameterAt, withHyperparameters, type Hyperparameters } from '../../src-shared/contract/hyperparameters'
import { RUN_LIMITS, type CheckpointInfo, type EpochSamples, type NewRun, type PreflightEstimate, type PresetName, type RunDetail, type RunHistory, type RunSummary } from '../../src-shared/contract/runs'
import type { EventHub } from '../bridge/event-hub'
import type { DatasetQueries } from '../db/queries/datasets'
import { RunQueries } from '../db/queries/runs'
import type { StudioDatabase } from '../db/open-database'
import { ConfigError, parseTrainConfig, preset, type TrainConfig } from '../engine/presets'
import { cacheFileName } from './datasets/training-cache'
import { folderSize } from './folder-size'
import type { MediaService } from './media-service'
import type { SpawnTrainingProcess, TrainingProcess } from './training-process'
import type { TrainingCommand, TrainingReport } from './training-protocol'

/** The newest checkpoints a run keeps; the ones the user marked are kept besides. */
export const KEEP_CHECKPOINTS = 3
const HEARTBEAT_MS = 5_000
const STALE_AFTER_MS = 60_000
/** How long a pre-flight measurement answers requests for the same plan. */
const PREFLIGHT_REUSE_MS = 5 * 60_000

type PreflightReport = Extract<TrainingReport, { type: 'preflight' }>

/**
 * Runs: main owns their rows; each live run trains in its own worker process, whose reports become
 * rows (steps in batches, samples, checkpoints after their folder exists) and contract events.
 */
export class RunService {
  readonly queries: RunQueries
  readonly #live = new Map<number, { process: TrainingProcess; done: Promise<RunSummary>; backend: BackendName | 'auto' }>()
  readonly #heartbeat: NodeJS.Timeout
  readonly #preflights = new Map<string, { at: number; report: Promise<PreflightReport> }>()
  #preflightQueue: Promise<void> = Promise.resolve()

  constructor(
    db: StudioDatabase,
    private readonly dirs: { datasets: string; checkpoints: string; samples: string },
    private readonly hub: EventHub,
    media: MediaService,
    private readonly datasets: DatasetQueries,
    private readonly spawn: SpawnTrainingProcess,
  ) {
    this.queries = new RunQueries(db)
    media.register('sample', (sampleId) => {
      const file = this.queries.sampleFile(sampleId)
      return file === undefined ? undefined : { path: file, contentType: 'image/png' }
    })
    this.markInterrupted()
    this.#heartbeat = setInterval(() => {
      for (const runId of this.#live.keys()) this.queries.heartbeat(runId)
    }, HEARTBEAT_MS).unref()
  }

  list(): RunSummary[] {
    this.markInterrupted()
    return this.queries.list()
  }

  get(runId: number): RunSummary {
    const summary = this.queries.summary(runId)
    if (!summary) throw new StudioError('NOT_FOUND', `There is no run ${runId}.`)
    return summary
  }

  detail(runId: number): RunDetail {
    const summary = this.get(runId)
    const details = this.queries.details(runId)!
    return {
      ...summary,
      config: JSON.parse(details.config) as Record<string, unknown>,
      versions: details.versions ? (JSON.parse(details.versions) as Record<string, string>) : {},
      notes: details.notes,
      checkpoints: this.#checkpoints(runId),
      diskBytes: this.#runFolders(runId).reduce((total, folder) => total + folderSize(folder), 0),
    }
  }

  /**
   * Marks a checkpoint to be kept however many newer ones follow, or unmarks it. Unmarking deletes nothing now:
   * an old checkpoint goes when the next one is written, as it would have without the mark.
   */
  keepCheckpoint(runId: number, checkpointId: number, kept: boolean): CheckpointInfo {
    this.get(runId)
    if (!this.queries.setCheckpointKept(runId, checkpointId, kept)) throw new StudioError('NOT_FOUND', `Run ${runId} has no checkpoint ${checkpointId}.`)
    this.#changed(runId)
    return this.#checkpoints(runId).find((checkpoint) => checkpoint.id === checkpointId)!
  }

  #checkpoints(runId: number): CheckpointInfo[] {
    return this.queries.checkpoints(runId).map(({ folder: _folder, ...checkpoint }) => checkpoint)
  }

  history(runId: number, fromStep = 0, toStep = Number.MAX_SAFE_INTEGER, maxPoints = 4000): RunHistory {
    this.get(runId)
    return this.queries.history(runId, fromStep, toStep, maxPoints)
  }

  samples(runId: number): EpochSamples[] {
    this.get(runId)
    return this.queries.samplesByEpoch(runId)
  }

  update(runId: number, fields: { name?: string; notes?: string; tags?: string[] }): RunSummary {
    this.get(runId)
    this.queries.update(runId, fields)
    this.#changed(runId)
    return this.get(runId)
  }

  /** Deletes a run that is not training, with its samples and checkpoints; says how much disk it freed. */
  delete(runId: number): { freedBytes: number } {
    const run = this.get(runId)
    if (this.#live.has(runId) || run.status === 'running') throw new StudioError('CONFLICT', `Run ${runId} is training: stop it before deleting it.`)
    const folders = this.#runFolders(runId)
    const freedBytes = folders.reduce((total, folder) => total + folderSize(folder), 0)
    this.queries.delete(runId)
    for (const folder of folders) rmSync(folder, { recursive: true, force: true })
    this.hub.emit('runs.removed', { runId })
    return { freedBytes }
  }

  #runFolders(runId: number): string[] {
    return [join(this.dirs.samples, `run-${runId}`), join(this.dirs.checkpoints, `run-${runId}`)]
  }

  /**
   * Runs a few real steps of the planned run in a worker and extrapolates time, memory and disk. Pre-flights run
   * one at a time (two would slow each other down and both be wrong), and a measurement is reused for a while by
   * requests that differ only in what it does not depend on (epochs, seed, name), so the form can re-ask freely.
   */
  async preflight(request: NewRun, steps = 3): Promise<PreflightEstimate> {
    const { dataset, config } = this.#plan(request)
    const backend = request.backend ?? 'auto'
    const inputs = this.#trainingInputs(dataset.id, config)
    const key = JSON.stringify({ config: { ...config, seed: 0 }, backend, cachePath: inputs.cachePath, images: inputs.positions.length, steps })
    const now = Date.now()
    for (const [oldKey, entry] of this.#preflights) if (now - entry.at > PREFLIGHT_REUSE_MS) this.#preflights.delete(oldKey)
    let measured = this.#preflights.get(key)?.report
    if (!measured) {
      const report = this.#preflightQueue.then(() => this.#measure({ type: 'preflight', config, backend, ...inputs, steps }))
      this.#preflightQueue = report.then(
        () => {},
        () => {},
      )
      report.catch(() => this.#preflights.delete(key))
      this.#preflights.set(key, { at: now, report })
      measured = report
    }
    const report = await measured
    const secondsPerEpoch = (report.msPerStep * report.stepsPerEpoch) / 1000
    return {
      backend: report.device.backend,
      device: report.device.device,
      msPerStep: report.msPerStep,
      stepsPerEpoch: report.stepsPerEpoch,
      secondsPerEpoch,
      totalSeconds: secondsPerEpoch * request.epochs,
      peakMemoryBytes: Math.round(report.peakMemoryBytes),
      diskBytes: Math.round(report.checkpointBytes * Math.min(KEEP_CHECKPOINTS, request.epochs) + report.samplesBytes * (request.epochs + 1)),
    }
  }

  /** The worker's measurement, once the worker has exited (so the next pre-flight runs alone). */
  #measure(command: Extract<TrainingCommand, { type: 'preflight' }>): Promise<PreflightReport> {
    const worker = this.spawn()
    return new Promise<PreflightReport>((resolve, reject) => {
      let outcome: PreflightReport | StudioError | undefined
      worker.onReport((message) => {
        if (message.type === 'preflight') outcome = message
        if (message.type === 'failed') outcome = new StudioError('UNAVAILABLE', `The pre-flight could not train: ${message.reason}`)
      })
      worker.onExit((code) => {
        if (outcome === undefined) reject(new StudioError('UNAVAILABLE', `The pre-flight worker exited (code ${code}).`))
        else if (outcome instanceof StudioError) reject(outcome)
        else resolve(outcome)
      })
      worker.send(command)
    })
  }

  /** Validates the settings against the dataset, records the run, and starts training it. */
  create(request: NewRun): RunSummary {
    const { dataset, config, seed } = this.#plan(request)
    const runId = this.queries.insert({
      name: request.name ?? `${request.preset} on ${dataset.name}`,
      datasetId: dataset.id,
      preset: request.preset,
      config,
      seed,
      epochs: request.epochs,
      notes: request.notes ?? '',
      tags: request.tags ?? [],
    })
    this.#start(runId, request.backend ?? 'auto', null)
    return this.get(runId)
  }

  /**
   * Continues a stopped, failed or interrupted run from its last complete checkpoint, or from the checkpoint
   * `checkpointId` (the steps, faces and checkpoints after it are discarded), optionally with a lower learning rate
   * (the way out of a run that went non-finite). A paused run just carries on.
   */
  resume(runId: number, options: { backend?: BackendName | 'auto'; learningRate?: number; checkpointId?: number } = {}): RunSummary {
    const run = this.get(runId)
    const live = this.#live.get(runId)
    if (live && options.checkpointId !== undefined) throw new StudioError('CONFLICT', `Run ${runId} is training: stop it before resuming from an earlier checkpoint.`)
    if (live) {
      live.process.send({ type: 'resume' })
      return run
    }
    if (run.status === 'running') throw new StudioError('CONFLICT', `Run ${runId} is running in another studio process.`)
    const chosen = options.checkpointId !== undefined
    const checkpoint = chosen ? this.queries.checkpoint(runId, options.checkpointId!) : this.queries.latestCheckpoint(runId)
    if (chosen && !checkpoint) throw new StudioError('NOT_FOUND', `Run ${runId} has no checkpoint ${options.checkpointId}.`)
    if ((checkpoint?.epoch ?? 0) >= run.epochs) {
      throw new StudioError('CONFLICT', chosen ? `That checkpoint is at the end of run ${runId}'s ${run.epochs} epochs: there is nothing left to train from it.` : `Run ${runId} has already trained all ${run.epochs} epochs.`)
    }
    if (checkpoint && !existsSync(checkpoint.folder)) throw new StudioError('CONFLICT', `The ${chosen ? 'chosen' : 'last'} checkpoint of run ${runId} is missing from disk.`)
    if (options.learningRate !== undefined) {
      const config = this.queries.config(runId) as TrainConfig
      this.queries.setConfig(runId, { ...config, optimizer: { ...config.optimizer, lr: options.learningRate } })
    }
    if (chosen) this.#rewind(runId, checkpoint!)
    this.queries.truncateSteps(runId, checkpoint?.step ?? 0)
    this.#start(runId, options.backend ?? 'auto', checkpoint?.folder ?? null)
    return this.get(runId)
  }

  #rewind(runId: number, to: { epoch: number; step: number }): void {
    const { checkpointFolders, sampleFiles } = this.queries.rewind(runId, to)
    for (const folder of checkpointFolders) rmSync(folder, { recursive: true, force: true })
    for (const file of sampleFiles) rmSync(file, { force: true })
    // Faces are written one folder per epoch: drop the folders left empty.
    for (const folder of new Set(sampleFiles.map((file) => dirname(file)))) {
      if (existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder)
    }
  }

  pause(runId: number): RunSummary {
    this.#liveRun(runId).process.send({ type: 'pause' })
    return this.get(runId)
  }

  stop(runId: number): RunSummary {
    this.#liveRun(runId).process.send({ type: 'stop' })
    return this.get(runId)
  }

  /** Resolves when the run's worker has ended (the CLI waits on this). */
  whenDone(runId: number): Promise<RunSummary> {
    return this.#live.get(runId)?.done ?? Promise.resolve(this.get(runId))
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

  #config(presetName: PresetName, chosen: Hyperparameters, seed: number, dataset: { id: number; channels: 1 | 3; sizes: number[]; imageCount: number; excludedCount: number }): TrainConfig {
    const config = withHyperparameters(preset(presetName), chosen)
    const size = config.imageSize
    if (!dataset.sizes.includes(size)) {
      throw StudioError.invalid([
        { path: ['datasetId'], message: `The ${presetName} preset trains on ${size}×${size} images, but this dataset was imported at ${dataset.sizes.join(' and ')} px: re-import it with size ${size}.` },
      ])
    }
    try {
      return parseTrainConfig({ ...config, seed, channels: dataset.channels }, { count: dataset.imageCount - dataset.excludedCount, size, channels: dataset.channels })
    } catch (error) {
      if (error instanceof ConfigError) throw StudioError.invalid(error.issues.map((issue) => ({ path: requestPath(issue.path), message: issue.message })))
      throw error
    }
  }

  #plan(request: NewRun) {
    const dataset = this.datasets.summary(request.datasetId)
    if (!dataset) throw new StudioError('NOT_FOUND', `There is no dataset ${request.datasetId}.`)
    const seed = request.seed ?? randomInt(0, RUN_LIMITS.maxSeed)
    return { dataset, seed, config: this.#config(request.preset, request.hyperparameters ?? {}, seed, dataset) }
  }

  #trainingInputs(datasetId: number, config: TrainConfig): { cachePath: string; positions: number[] } {
    const storage = this.datasets.storage(datasetId)!
    return {
      cachePath: join(this.dirs.datasets, storage.storageDir, cacheFileName(config.imageSize)),
      positions: this.datasets.includedPositions(datasetId),
    }
  }

  #liveRun(runId: number) {
    const live = this.#live.get(runId)
    if (!live) throw new StudioError('CONFLICT', `Run ${runId} is not training in this studio process.`)
    return live
  }

  #start(runId: number, backend: BackendName | 'auto', resumeFrom: string | null): void {
    const run = this.get(runId)
    const config = this.queries.config(runId) as TrainConfig
    const process_ = this.spawn()
    this.queries.claim(runId, process.pid)
    let ended = false
    const done = new Promise<RunSummary>((resolve) => {
      process_.onReport((report) => {
        if (this.#onReport(runId, report)) ended = true
      })
      process_.onExit((code) => {
        this.#live.delete(runId)
        if (!ended) {
          this.queries.setStatus(runId, 'interrupted', `The training process exited unexpectedly (code ${code}); resume continues from the last checkpoint.`)
        }
        this.#changed(runId)
        resolve(this.get(runId))
      })
    })
    this.#live.set(runId, { process: process_, done, backend })
    process_.send({
      type: 'start',
      runId,
      config,
      backend,
      ...this.#trainingInputs(run.datasetId, config),
      epochs: run.epochs,
      samplesDir: join(this.dirs.samples, `run-${runId}`),
      checkpointsDir: join(this.dirs.checkpoints, `run-${runId}`),
      resumeFrom,
    })
    this.#changed(runId)
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
        for (const old of this.queries.prunableCheckpoints(runId, KEEP_CHECKPOINTS)) {
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
        this.queries.setStatus(runId, 'stopped')
        this.#changed(runId)
        return true
      case 'finished':
        this.queries.setStatus(runId, 'finished')
        this.#changed(runId)
        return true
      case 'failed':
        this.queries.setStatus(runId, 'failed', report.reason)
        this.#changed(runId)
        return true
    }
    this.#changed(runId)
    return false
  }

  #changed(runId: number): void {
    this.hub.emit('runs.changed', this.get(runId))
  }
}

/** Where a config problem sits in a runs.create request: a hyperparameter's field, else the dataset it trains on. */
function requestPath(configPath: (string | number)[]): (string | number)[] {
  const key = hyperparameterAt(configPath)
  if (key) return ['hyperparameters', key]
  if (configPath[0] === 'imageSize' || configPath[0] === 'channels') return ['datasetId']
  if (configPath[0] === 'optimizer') return ['hyperparameters', 'loss']
  return []
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

