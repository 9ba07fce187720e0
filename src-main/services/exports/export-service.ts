/**
 * Exports of a run's generator: main resolves the run, checkpoint, sample files and destination
 * (a granted folder id from the UI, --out from the CLI), then runs the export in the export worker
 * (app) or in-process (CLI), reporting progress and finishing with one event.
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { StudioError } from '../../contract/errors'
import type { ExportFinished, ExportProgressEvent, ExportStartArgs } from '../../contract/exports'
import type { StudioDatabase } from '../../db/open-database'
import { ExportQueries } from './export-queries'
import { runExport, type ExportJob, type ExportProgress, type ExportResult } from './run-export'
import { runExportInWorker } from './export-worker-client'
import type { BackendName } from '../../engine/backends'

export const DEFAULT_COUNT = 64
export const DEFAULT_GIF_KEYFRAMES = 4

/** What to export, with the destination already resolved by main (never a renderer path). */
export type ExportRequest = Omit<ExportStartArgs, 'grantId'> & { destination: string }

export interface ExportEmitter {
  (channel: 'exports.progress', payload: ExportProgressEvent): void
  (channel: 'exports.finished', payload: ExportFinished): void
}

export interface ExportServiceOptions {
  /** publishes contract events (the studio passes its EventHub's emit) */
  emit?: ExportEmitter
  /** run generation in a worker thread (the app); false runs it in this thread (CLI, tests) */
  worker?: boolean
  /** backend for generation (default: 'auto' in a worker, the current one in-process) */
  backend?: BackendName | 'auto'
}

export class ExportService {
  readonly queries: ExportQueries
  readonly #running = new Map<string, AbortController>()

  constructor(
    db: StudioDatabase,
    private readonly options: ExportServiceOptions = {},
  ) {
    this.queries = new ExportQueries(db)
  }

  /** Resolves the run, its checkpoint (the latest unless given) and sample files into a job. */
  prepare(request: ExportRequest, exportId: string = randomUUID()): ExportJob {
    const run = this.queries.run(request.runId)
    if (!run) throw new StudioError('NOT_FOUND', `There is no run ${request.runId}.`)
    const progressGif = request.kind === 'gif' && request.animation === 'progress'
    let checkpoint: ExportJob['checkpoint'] = null
    if (!progressGif) {
      const row = request.checkpointId === undefined ? this.queries.latestCheckpoint(run.id) : this.queries.checkpoint(run.id, request.checkpointId)
      if (!row) {
        throw new StudioError(
          'NOT_FOUND',
          request.checkpointId === undefined ? `Run ${run.id} has no checkpoint yet: train at least one epoch.` : `Run ${run.id} has no checkpoint ${request.checkpointId}.`,
        )
      }
      if (!existsSync(row.folder)) throw new StudioError('NOT_FOUND', `Checkpoint ${row.id} of run ${run.id} is missing from disk.`)
      checkpoint = row
    }
    const count = request.count ?? (request.kind === 'gif' ? DEFAULT_GIF_KEYFRAMES : DEFAULT_COUNT)
    return {
      exportId,
      kind: request.kind,
      destination: path.resolve(request.destination),
      run: { id: run.id, name: run.name },
      checkpoint,
      count,
      seed: request.seed ?? run.seed,
      truncation: request.truncation ?? 1,
      ...(request.kind === 'gif' && {
        gif: {
          animation: request.animation ?? 'interpolation',
          ...(request.framesPerSegment !== undefined && { framesPerSegment: request.framesPerSegment }),
          ...(request.fps !== undefined && { fps: request.fps }),
        },
      }),
      ...(progressGif && { samples: this.queries.sampleFiles(run.id) }),
      ...((this.options.backend ?? (this.options.worker ? 'auto' : undefined)) && { backend: this.options.backend ?? 'auto' }),
    }
  }

  /** Starts an export and returns at once; progress and the outcome come as events. */
  start(request: ExportRequest): { exportId: string } {
    const exportId = randomUUID()
    const job = this.prepare(request, exportId)
    void this.run(job).catch(() => undefined)
    return { exportId }
  }

  /** Runs a prepared export to its end (the CLI awaits this); also emits the events. */
  async run(job: ExportJob, opts: { signal?: AbortSignal; onProgress?: (p: ExportProgress) => void } = {}): Promise<ExportResult> {
    const controller = new AbortController()
    const forward = () => controller.abort()
    opts.signal?.addEventListener('abort', forward, { once: true })
    if (opts.signal?.aborted) controller.abort()
    this.#running.set(job.exportId, controller)
    const emit = this.options.emit
    const base = { exportId: job.exportId, runId: job.run.id, kind: job.kind }
    try {
      const onProgress = (p: ExportProgress) => {
        opts.onProgress?.(p)
        emit?.('exports.progress', { exportId: job.exportId, ...p })
      }
      const result = this.options.worker
        ? await runExportInWorker(job, { signal: controller.signal, onProgress })
        : await runExport(job, { signal: controller.signal, onProgress })
      emit?.('exports.finished', {
        ...base,
        outcome: 'exported',
        output: path.relative(job.destination, result.output),
        files: result.files.map((f) => path.relative(path.dirname(result.output), f)),
        bytes: result.bytes,
        message: `Exported ${result.files.length} file${result.files.length === 1 ? '' : 's'} to ${path.basename(result.output)}.`,
      })
      return result
    } catch (error) {
      const cancelled = controller.signal.aborted || (error instanceof StudioError && error.code === 'CANCELLED')
      emit?.('exports.finished', {
        ...base,
        outcome: cancelled ? 'cancelled' : 'failed',
        output: null,
        files: [],
        bytes: 0,
        message: cancelled ? 'Export cancelled; nothing was kept.' : `Export failed: ${error instanceof Error ? error.message : String(error)}`,
      })
      throw error
    } finally {
      opts.signal?.removeEventListener('abort', forward)
      this.#running.delete(job.exportId)
    }
  }

  cancel(exportId: string): { cancelled: boolean } {
    const controller = this.#running.get(exportId)
    if (!controller) return { cancelled: false }
    controller.abort()
    return { cancelled: true }
  }

  /** Cancels every running export (studio shutdown). */
  close(): void {
    for (const controller of this.#running.values()) controller.abort()
  }
}
