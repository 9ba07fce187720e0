/**
 * Exports of a run's generator: main resolves the run, checkpoint, sample files, pinned faces and
 * destination (a granted folder from the UI, --out from the CLI) into a job, runs it (producing in
 * the export worker by default), reports progress and finishes with one `exports.finished` event.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import type { EventHub } from '../../bridge/event-hub'
import { StudioError } from '../../../src-shared/contract/errors'
import {
  DEFAULT_COUNT,
  DEFAULT_FRAMES_PER_SEGMENT,
  DEFAULT_GIF_KEYFRAMES,
  EXPORT_LIMITS,
  type ExportStartArgs,
} from '../../../src-shared/contract/exports'
import type { RunQueries } from '../../db/queries/runs'
import {
  gifKeyframeCount,
  type ExportJob,
  type ExportProgress,
  type ExportResult,
  type PinnedLatent,
  type Producer,
} from './export-job'
import { ExportQueries } from './export-queries'
import { produceInWorker } from './export-worker-client'
import { runExport } from './run-export'

const PROGRESS_INTERVAL_MS = 100

/** What to export, with the destination already resolved by main (never a renderer path). */
export type ExportRequest = Omit<ExportStartArgs, 'grantId'> & { destination: string }

/** The run's pinned faces (named latents), rendered first in image, sprite and GIF exports. */
export type PinnedProvider = (runId: number) => PinnedLatent[]

export interface ExportServiceOptions {
  /** where the files are made (default: a worker thread per export) */
  produce?: Producer
  /** the run's pinned faces (default: none) */
  pinned?: PinnedProvider
  /** refuses a destination the studio must not write into (system folders, its own data folder) */
  checkDestination?: (folder: string) => void
}

export class ExportService {
  readonly queries: ExportQueries
  readonly #running = new Map<string, AbortController>()
  /** what each export of this session made (absolute), for browser-mode downloads */
  readonly #outputs = new Map<string, string>()

  constructor(
    runs: RunQueries,
    private readonly hub: EventHub,
    private readonly options: ExportServiceOptions = {},
  ) {
    this.queries = new ExportQueries(runs)
  }

  /** Checks the request and resolves it into a job: the run, its checkpoint (the latest unless given), samples, pinned faces. */
  prepare(request: ExportRequest, exportId: string = randomUUID()): ExportJob {
    this.options.checkDestination?.(path.resolve(request.destination))
    const run = this.queries.run(request.runId)
    if (!run) throw new StudioError('NOT_FOUND', `There is no run ${request.runId}.`)
    const isGif = request.kind === 'gif'
    const progressGif = isGif && request.animation === 'progress'
    if (
      !isGif &&
      (request.animation !== undefined || request.framesPerSegment !== undefined || request.fps !== undefined)
    ) {
      throw new StudioError(
        'VALIDATION',
        'The animation, frames per segment and fps options only apply to GIF exports.',
      )
    }
    if (progressGif && request.raw)
      throw new StudioError(
        'VALIDATION',
        'A training-progress GIF shows the stored preview faces: raw G does not apply.',
      )
    if ((request.kind === 'model' || progressGif) && request.count !== undefined) {
      throw new StudioError(
        'VALIDATION',
        `A count does not apply to ${progressGif ? 'a training-progress GIF' : 'a model export'}.`,
      )
    }
    const job: ExportJob = {
      exportId,
      kind: request.kind,
      destination: path.resolve(request.destination),
      run: { id: run.id, name: run.name, hyperparameters: run.hyperparameters, segments: run.segments },
      checkpoint: progressGif ? null : this.#checkpoint(run.id, request.checkpointId),
      count: request.count ?? (isGif ? DEFAULT_GIF_KEYFRAMES : DEFAULT_COUNT),
      seed: request.seed ?? run.seed,
      truncation: request.truncation ?? 1,
      ...(request.raw && { raw: true }),
    }
    if (isGif) {
      job.gif = {
        animation: request.animation ?? 'interpolation',
        ...(request.framesPerSegment !== undefined && { framesPerSegment: request.framesPerSegment }),
        ...(request.fps !== undefined && { fps: request.fps }),
      }
    }
    if (progressGif) {
      job.samples = this.queries.sampleFiles(run.id)
      if (job.samples.length === 0)
        throw new StudioError('NOT_FOUND', `Run ${run.id} has no stored samples yet: train at least one epoch.`)
    } else if (request.kind !== 'model' && request.includePinned !== false && this.options.pinned) {
      job.pinned = this.options.pinned(run.id)
    }
    if (isGif && !progressGif) assertGifSize(job)
    return job
  }

  /** Starts an export and returns at once; progress and the outcome come as events. */
  start(request: ExportRequest): { exportId: string } {
    const job = this.prepare(request)
    void this.run(job).catch(() => undefined)
    return { exportId: job.exportId }
  }

  /** Runs a prepared export to its end (the CLI awaits this); emits progress and the finished event. */
  async run(
    job: ExportJob,
    options: { signal?: AbortSignal; onProgress?: (progress: ExportProgress) => void } = {},
  ): Promise<ExportResult> {
    const controller = new AbortController()
    const forward = () => controller.abort()
    options.signal?.addEventListener('abort', forward, { once: true })
    if (options.signal?.aborted) controller.abort()
    this.#running.set(job.exportId, controller)
    const base = { exportId: job.exportId, runId: job.run.id, kind: job.kind }
    let lastEmit = 0
    let lastPhase = ''
    const onProgress = (progress: ExportProgress) => {
      options.onProgress?.(progress)
      const now = Date.now()
      if (progress.phase !== lastPhase || progress.done === progress.total || now - lastEmit >= PROGRESS_INTERVAL_MS) {
        lastEmit = now
        lastPhase = progress.phase
        this.hub.emit('exports.progress', { exportId: job.exportId, ...progress })
      }
    }
    try {
      const result = await runExport(job, {
        signal: controller.signal,
        onProgress,
        produce: this.options.produce ?? produceInWorker,
      })
      const files = result.files.map((file) => path.relative(path.dirname(result.output), file))
      this.#outputs.set(job.exportId, result.output)
      this.hub.emit('exports.finished', {
        ...base,
        outcome: 'exported',
        output: path.basename(result.output),
        files,
        bytes: result.bytes,
        message: `Exported ${files.length} file${files.length === 1 ? '' : 's'} to ${path.basename(result.output)}.`,
      })
      return result
    } catch (error) {
      const cancelled = controller.signal.aborted || (error instanceof StudioError && error.code === 'CANCELLED')
      this.hub.emit('exports.finished', {
        ...base,
        outcome: cancelled ? 'cancelled' : 'failed',
        output: null,
        files: [],
        bytes: 0,
        message: cancelled
          ? 'Export cancelled; nothing was kept.'
          : `Export failed: ${error instanceof Error ? error.message : String(error)}`,
      })
      throw error
    } finally {
      options.signal?.removeEventListener('abort', forward)
      this.#running.delete(job.exportId)
    }
  }

  /** A finished export of this session as one download: its file, or its folder (zipped by the bridge); undefined once gone. */
  download(exportId: string): { path: string; name: string; kind: 'file' | 'folder' } | undefined {
    const output = this.#outputs.get(exportId)
    if (output === undefined) return undefined
    try {
      const stats = statSync(output)
      return { path: output, name: path.basename(output), kind: stats.isDirectory() ? 'folder' : 'file' }
    } catch {
      return undefined
    }
  }

  cancel(exportId: string): { cancelled: boolean } {
    const controller = this.#running.get(exportId)
    controller?.abort()
    return { cancelled: controller !== undefined }
  }

  /** Cancels every running export (studio shutdown): their workers stop and their staging folders go. */
  close(): void {
    for (const controller of this.#running.values()) controller.abort()
  }

  #checkpoint(runId: number, checkpointId: number | undefined): NonNullable<ExportJob['checkpoint']> {
    const checkpoint =
      checkpointId === undefined ? this.queries.latestCheckpoint(runId) : this.queries.checkpoint(runId, checkpointId)
    if (!checkpoint) {
      if (checkpointId === undefined)
        throw new StudioError('NOT_FOUND', `Run ${runId} has no checkpoint yet: train at least one epoch first.`)
      const known = this.queries.checkpoints(runId).map((c) => `${c.id} (epoch ${c.epoch}, step ${c.step})`)
      throw new StudioError(
        'NOT_FOUND',
        `Run ${runId} has no checkpoint ${checkpointId}; its checkpoints are ${known.join(', ') || 'none yet'}.`,
      )
    }
    if (!existsSync(checkpoint.folder))
      throw new StudioError('NOT_FOUND', `Checkpoint ${checkpoint.id} of run ${runId} is missing from disk.`)
    return checkpoint
  }
}

function assertGifSize(job: ExportJob): void {
  const { pinned, seeded } = gifKeyframeCount(job)
  const keyframes = pinned + seeded
  if (keyframes > EXPORT_LIMITS.maxGifKeyframes) {
    throw new StudioError(
      'VALIDATION',
      `A GIF takes at most ${EXPORT_LIMITS.maxGifKeyframes} keyframes; this one would have ${keyframes}${pinned ? ` (${pinned} pinned faces)` : ''}.`,
    )
  }
  const frames = keyframes * (job.gif?.framesPerSegment ?? DEFAULT_FRAMES_PER_SEGMENT)
  if (frames > EXPORT_LIMITS.maxGifFrames) {
    throw new StudioError(
      'VALIDATION',
      `A GIF takes at most ${EXPORT_LIMITS.maxGifFrames} frames; ${keyframes} keyframes × ${job.gif?.framesPerSegment ?? DEFAULT_FRAMES_PER_SEGMENT} frames each would be ${frames}: use fewer keyframes or frames per segment.`,
    )
  }
}
