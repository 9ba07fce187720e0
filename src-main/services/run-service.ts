import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { BackendName } from '../../src-shared/contract/device'
import type { ClosestPhoto } from '../../src-shared/contract/health'
import { StudioError } from '../../src-shared/contract/errors'
import type {
  CheckpointInfo,
  EpochQuality,
  EpochSamples,
  NewRun,
  PreflightEstimate,
  RunDetail,
  RunHistory,
  RunSummary,
} from '../../src-shared/contract/runs'
import type { EventHub } from '../bridge/event-hub'
import type { DatasetQueries } from '../db/queries/datasets'
import type { RunOwner } from '../db/queries/run-owner'
import { RunOwnerQueries } from '../db/queries/run-owner'
import { RunQueries } from '../db/queries/runs'
import type { StudioDatabase } from '../db/open-database'
import {
  changedHyperparameters,
  withHyperparameters,
  type Hyperparameters,
} from '../../src-shared/contract/hyperparameters'
import type { TrainConfig } from '../engine/presets'
import { TrainingPlan } from '../engine/training-plan'
import { folderSize } from './folder-size'
import type { MediaService } from './media-service'
import { RunOwnedError } from './run-ownership'
import { RunPreflight } from './run-preflight'
import { runSettings, trainingCachePath } from './run-settings'
import { RunSupervisor } from './run-supervisor'
import type { SpawnTrainingProcess } from './training-process'

/** The newest checkpoints a run keeps; the ones the user marked are kept besides. */
export const KEEP_CHECKPOINTS = 3

/**
 * Runs: main owns their rows (this file: create, read, update, delete, resume); each live run trains in its own worker
 * process, supervised by RunSupervisor; pre-flights are RunPreflight's.
 */
export class RunService {
  readonly queries: RunQueries
  readonly #supervisor: RunSupervisor
  readonly #preflight: RunPreflight

  constructor(
    db: StudioDatabase,
    private readonly dirs: { datasets: string; checkpoints: string; samples: string },
    private readonly hub: EventHub,
    media: MediaService,
    private readonly datasets: DatasetQueries,
    spawn: SpawnTrainingProcess,
  ) {
    this.queries = new RunQueries(db)
    this.#supervisor = new RunSupervisor(this.queries, hub, spawn, KEEP_CHECKPOINTS, new RunOwnerQueries(db))
    this.#preflight = new RunPreflight(spawn, KEEP_CHECKPOINTS)
    media.register('sample', (sampleId) => {
      const file = this.queries.sampleFile(sampleId)
      return file === undefined ? undefined : { path: file, contentType: 'image/png' }
    })
  }

  list(): RunSummary[] {
    this.#supervisor.markInterrupted()
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
      ...this.#images(runId, summary.datasetId),
    }
  }

  /** How many images the run trains on, and whether its dataset's included images have changed since it started. */
  #images(runId: number, datasetId: number): { imageCount: number; datasetChanged: boolean } {
    const included = this.datasets.includedImageIds(datasetId)
    const plan = this.queries.plan(runId) as { imageIds?: number[] } | null
    if (!plan?.imageIds) return { imageCount: included.length, datasetChanged: false }
    const own = plan.imageIds
    return {
      imageCount: own.length,
      datasetChanged: own.length !== included.length || own.some((id, index) => id !== included[index]),
    }
  }

  /**
   * Marks a checkpoint to be kept however many newer ones follow, or unmarks it. Unmarking deletes nothing now:
   * an old checkpoint goes when the next one is written, as it would have without the mark.
   */
  keepCheckpoint(runId: number, checkpointId: number, kept: boolean): CheckpointInfo {
    this.get(runId)
    if (!this.queries.setCheckpointKept(runId, checkpointId, kept))
      throw new StudioError('NOT_FOUND', `Run ${runId} has no checkpoint ${checkpointId}.`)
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

  /** The training photo nearest to a preview face, by media id (null when that face was not measured). */
  closestPhoto(runId: number, epoch: number, cell: number): ClosestPhoto | null {
    this.get(runId)
    const found = this.queries.nearestPhoto(runId, epoch, cell)
    if (!found) return null
    return {
      faceMediaId: `sample-${found.sampleId}`,
      photoMediaId: found.imageId === null ? null : `thumb-${found.imageId}`,
      distance: found.distance,
    }
  }

  quality(runId: number): EpochQuality[] {
    this.get(runId)
    return this.queries.quality(runId)
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
    if (this.#supervisor.isLive(runId) || run.status === 'running' || this.#supervisor.ownerElsewhere(runId))
      throw new StudioError('CONFLICT', `Run ${runId} is training: stop it before deleting it.`)
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

  /** A few real steps of the planned run in a worker, extrapolated to time, memory and disk (see RunPreflight). */
  preflight(request: NewRun, steps = 3): Promise<PreflightEstimate> {
    const { dataset, config } = runSettings(this.datasets, request)
    const plan = TrainingPlan.of(config, this.datasets.includedImageIds(dataset.id), request.epochs)
    const inputs = this.#trainingInputs(dataset.id, config, plan)
    return this.#preflight.estimate({ config, backend: request.backend ?? 'auto', ...inputs, steps }, request.epochs)
  }

  /** Validates the settings against the dataset, records the run, and starts training it. */
  create(request: NewRun): RunSummary {
    const { dataset, config, seed } = runSettings(this.datasets, request)
    const plan = TrainingPlan.of(config, this.datasets.includedImageIds(dataset.id), request.epochs)
    const runId = this.queries.insert({
      name: request.name ?? `${request.preset} on ${dataset.name}`,
      datasetId: dataset.id,
      preset: request.preset,
      config,
      plan: plan.json,
      stepsPerEpoch: plan.stepsPerEpoch,
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
   * `checkpointId` (the steps, faces and checkpoints after it are discarded), optionally with a lower learning rate for G or D
   * (the way out of a run that went non-finite), optionally to a new total of `epochs` (a finished run trained
   * further: its steps, faces and checkpoints are kept and continue). A paused run just carries on. Nothing is
   * discarded or changed until the worker has checked the checkpoint, the dataset cache and the images; a refused
   * resume leaves the run as it was, with the reason and what to do as its status reason.
   */
  resume(
    runId: number,
    options: { backend?: BackendName | 'auto'; checkpointId?: number; epochs?: number } & Pick<
      Hyperparameters,
      'learningRate' | 'dLearningRate'
    > = {},
  ): RunSummary {
    const run = this.get(runId)
    const live = this.#supervisor.isLive(runId)
    if (live && options.checkpointId !== undefined)
      throw new StudioError('CONFLICT', `Run ${runId} is training: stop it before resuming from an earlier checkpoint.`)
    if (live && options.epochs !== undefined)
      throw new StudioError('CONFLICT', `Run ${runId} is training: stop it before changing how many epochs it trains.`)
    if (live) {
      this.#supervisor.send(runId, { type: 'resume' })
      return run
    }
    const owner = this.#supervisor.ownerElsewhere(runId)
    const { learningRate, dLearningRate } = options
    const requested =
      learningRate === undefined && dLearningRate === undefined
        ? null
        : { ...(learningRate !== undefined && { learningRate }), ...(dLearningRate !== undefined && { dLearningRate }) }
    const plain = options.checkpointId === undefined && requested === null && options.epochs === undefined
    if (owner && run.status === 'paused' && plain) {
      this.#supervisor.send(runId, { type: 'resume' })
      return run
    }
    if (owner) throw new RunOwnedError(runId, owner)
    const chosen = options.checkpointId !== undefined
    const checkpoint = chosen
      ? this.queries.checkpoint(runId, options.checkpointId!)
      : this.queries.latestCheckpoint(runId)
    if (chosen && !checkpoint)
      throw new StudioError('NOT_FOUND', `Run ${runId} has no checkpoint ${options.checkpointId}.`)
    const epochs = options.epochs ?? run.epochs
    const from = checkpoint?.epoch ?? 0
    if (options.epochs !== undefined && from >= epochs) {
      throw new StudioError(
        'CONFLICT',
        `Run ${runId} ${chosen ? 'resumes after' : 'has trained'} ${from} epoch${from === 1 ? '' : 's'} already: give a total above ${from} to train more.`,
      )
    }
    if (from >= epochs) {
      throw new StudioError(
        'CONFLICT',
        chosen
          ? `That checkpoint is at the end of run ${runId}'s ${run.epochs} epochs: there is nothing left to train from it.`
          : `Run ${runId} has already trained all ${run.epochs} epochs.`,
      )
    }
    if (checkpoint && !existsSync(checkpoint.folder))
      throw new StudioError(
        'CONFLICT',
        `The ${chosen ? 'chosen' : 'last'} checkpoint of run ${runId} is missing from disk.`,
      )
    const fromStep = checkpoint?.step ?? 0
    // new rates replace what an earlier resume from this same step changed (that segment is discarded)
    const base = this.#configAt(runId, requested ? fromStep - 1 : fromStep)
    const config = withHyperparameters(base, requested ?? {})
    const changes = requested && changedHyperparameters(base, config)
    const planned = this.#plan(runId, config)
    const plan = epochs === planned.json.epochs ? planned : TrainingPlan.fromJson({ ...planned.json, epochs })
    // Nothing changes until the worker has loaded and checked the checkpoint, the dataset cache and the images.
    this.#start(runId, options.backend ?? 'auto', checkpoint?.folder ?? null, { config, plan }, () => {
      if (plan !== planned) {
        this.queries.setEpochs(runId, epochs)
        this.queries.setPlan(runId, plan.json, plan.stepsPerEpoch)
      }
      this.queries.resumeSegments(runId, fromStep, changes)
      if (chosen) this.#rewind(runId, checkpoint!)
      this.queries.truncateSteps(runId, fromStep)
    })
    return this.get(runId)
  }

  /** What the run trains with at `step`: the config it started with, and the changes of its segments up to there. */
  #configAt(runId: number, step: number): TrainConfig {
    const started = this.queries.config(runId) as TrainConfig
    const changes = this.get(runId).segments.filter((segment) => segment.fromStep <= step)
    return changes.reduce((config, segment) => withHyperparameters(config, segment.changes), started)
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
    this.#liveRun(runId, { type: 'pause' })
    return this.get(runId)
  }

  stop(runId: number): RunSummary {
    this.#liveRun(runId, { type: 'stop' })
    return this.get(runId)
  }

  #liveRun(runId: number, command: { type: 'pause' | 'stop' }): void {
    if (!this.#supervisor.send(runId, command))
      throw new StudioError('CONFLICT', `Run ${runId} is not training in this studio process.`)
  }

  /** The live owner of the run when another studio trains it (the CLI trains a run it resumes itself, so it refuses then). */
  ownerElsewhere(runId: number): RunOwner | null {
    return this.#supervisor.ownerElsewhere(runId)
  }

  /** Resolves when the run's worker has ended (the CLI waits on this). */
  async whenDone(runId: number): Promise<RunSummary> {
    await this.#supervisor.whenDone(runId)
    return this.get(runId)
  }

  close(): void {
    this.#supervisor.close()
  }

  /** The plan, its dataset's training cache, and where the plan's images sit in that cache. */
  #trainingInputs(
    datasetId: number,
    config: TrainConfig,
    plan: TrainingPlan,
  ): { plan: TrainingPlan['json']; cachePath: string; positions: number[] } {
    const positions = this.datasets.cachePositions(datasetId)
    return {
      plan: plan.json,
      cachePath: trainingCachePath(this.datasets, this.dirs.datasets, datasetId, config),
      positions: plan.json.imageIds.map((imageId) => {
        const position = positions.get(imageId)
        if (position === undefined)
          throw new StudioError('CONFLICT', `Image ${imageId}, which this run trains on, is no longer in its dataset.`)
        return position
      }),
    }
  }

  /** The run's stored plan; a run from before plans were stored gets one from its dataset's included images now. */
  #plan(runId: number, config: TrainConfig): TrainingPlan {
    const stored = this.queries.plan(runId)
    if (stored !== null) return TrainingPlan.fromJson(stored)
    const run = this.get(runId)
    const plan = TrainingPlan.of(config, this.datasets.includedImageIds(run.datasetId), run.epochs)
    this.queries.setPlan(runId, plan.json, plan.stepsPerEpoch)
    return plan
  }

  #start(
    runId: number,
    backend: BackendName | 'auto',
    resumeFrom: string | null,
    {
      config = this.queries.config(runId) as TrainConfig,
      plan = this.#plan(runId, config),
    }: { config?: TrainConfig; plan?: TrainingPlan } = {},
    onStarted?: () => void,
  ): void {
    const run = this.get(runId)
    this.#supervisor.start(
      {
        type: 'start',
        runId,
        config,
        backend,
        ...this.#trainingInputs(run.datasetId, config, plan),
        samplesDir: join(this.dirs.samples, `run-${runId}`),
        checkpointsDir: join(this.dirs.checkpoints, `run-${runId}`),
        resumeFrom,
      },
      backend,
      onStarted,
    )
  }

  #changed(runId: number): void {
    this.hub.emit('runs.changed', this.get(runId))
  }
}
