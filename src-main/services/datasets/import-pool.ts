/**
 * Runs normalizeImageFile off the main thread. Two engines with one interface:
 *  - 'workers': a pool of worker_threads, each running several sharp pipelines at once;
 *    the main thread only dispatches paths and receives small pixel buffers (transferred).
 *  - 'inline': sharp's own libuv threadpool from the calling thread (JS glue on main thread).
 *
 * In dev/test (this file is .ts) workers load import-worker.ts through tsx's loader; in a
 * bundled build pass `workerUrl` (or ship import-worker.js next to the bundle). If the worker
 * cannot start, createImageRunner falls back to 'inline'.
 */
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { Worker } from 'node:worker_threads'
import sharp from 'sharp'
import { spawnWorkerThread } from '../worker-thread'
import { CLOSE_WORKER, type WorkerRequest, type WorkerResponse } from './import-worker-protocol'
import { normalizeImageFile, type NormalizeOptions, type NormalizeOutcome } from './normalize-image'

export type ImportEngine = 'workers' | 'inline'

export interface ImageRunner {
  readonly engine: ImportEngine
  /** How many tasks should be kept in flight to saturate the runner. */
  readonly capacity: number
  run(path: string, options: Partial<NormalizeOptions>): Promise<NormalizeOutcome>
  /** Stop now: in-flight tasks are abandoned (their promises reject with AbortError). */
  terminate(): Promise<void>
}

export interface RunnerOptions {
  engine?: ImportEngine
  /** Worker threads (default: available parallelism). */
  threads?: number
  /** Concurrent files per worker / total concurrent files inline. */
  perThread?: number
  /** URL of the worker entry (default: import-worker.{ts,js} next to this module). */
  workerUrl?: URL | string
}

function abortError(): Error {
  return new DOMException('The import was cancelled.', 'AbortError')
}

export function createInlineRunner(concurrency = Math.max(2, availableParallelism()) * 2): ImageRunner {
  let stopped = false
  return {
    engine: 'inline',
    capacity: concurrency,
    async run(path, options) {
      if (stopped) throw abortError()
      const outcome = await normalizeImageFile(path, options)
      if (stopped) throw abortError()
      return outcome
    },
    async terminate() {
      stopped = true
    },
  }
}

function defaultWorkerUrl(): URL {
  const here = import.meta.url
  return new URL(here.endsWith('.ts') ? './import-worker.ts' : './import-worker.js', here)
}

interface Pending {
  resolve: (o: NormalizeOutcome) => void
  reject: (e: Error) => void
  path: string
  options: Partial<NormalizeOptions>
}

interface Slot {
  worker: Worker
  inFlight: Map<number, Pending>
  dead: boolean
}

const MAX_WORKER_CRASHES = 8

export class WorkerPool implements ImageRunner {
  readonly capacity: number
  private readonly slots: Slot[] = []
  private readonly queue: { id: number; p: Pending }[] = []
  private nextId = 1
  private terminated = false
  private ready = false
  private crashes = 0
  private fallback: ImageRunner | null = null
  /** Why the pool fell back to the inline engine, if it did. */
  fallbackReason: string | null = null

  constructor(
    private readonly url: URL,
    threads: number,
    private readonly perThread: number,
  ) {
    this.capacity = threads * perThread
    for (let i = 0; i < threads; i++) this.slots.push(this.spawn())
  }

  get engine(): ImportEngine {
    return this.fallback ? 'inline' : 'workers'
  }

  /** Workers could not start (or keep crashing): run everything inline from now on. */
  private fallBack(why: string): void {
    if (this.fallback) return
    this.fallbackReason = why
    const fb = createInlineRunner(this.capacity)
    this.fallback = fb
    const reroute = (p: Pending): void => void fb.run(p.path, p.options).then(p.resolve, p.reject)
    for (const s of this.slots) {
      s.dead = true
      for (const p of s.inFlight.values()) reroute(p)
      s.inFlight.clear()
      void s.worker.terminate().catch(() => 0)
    }
    for (const j of this.queue.splice(0)) reroute(j.p)
  }

  private spawn(): Slot {
    const slot: Slot = { worker: spawnWorkerThread(this.url), inFlight: new Map(), dead: false }
    slot.worker.on('message', (msg: WorkerResponse | { ready: true }) => {
      if ('ready' in msg) {
        this.ready = true
        return
      }
      const p = slot.inFlight.get(msg.id)
      if (!p) return
      slot.inFlight.delete(msg.id)
      p.resolve(msg.outcome)
      this.pump()
    })
    const crash = (why: string): void => {
      if (this.terminated || slot.dead) return
      this.crashes++
      if (!this.ready || this.crashes > MAX_WORKER_CRASHES) {
        this.fallBack(`worker ${why}`)
        return
      }
      slot.dead = true
      void slot.worker.terminate().catch(() => 0)
      const i = this.slots.indexOf(slot)
      if (i < 0) return
      // Nothing aborts the import: files in flight get an outcome, the worker is replaced.
      for (const p of slot.inFlight.values()) {
        p.resolve({
          ok: false,
          code: 'internal-error',
          message: `Unexpected error while processing this file. (worker ${why})`,
        })
      }
      slot.inFlight.clear()
      this.slots[i] = this.spawn()
      this.pump()
    }
    slot.worker.on('error', (err) => crash(`error: ${err.message.slice(0, 200)}`))
    slot.worker.on('exit', (code) => crash(`exited with code ${code}`))
    return slot
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let best: Slot | undefined
      for (const s of this.slots)
        if (s.inFlight.size < this.perThread && (!best || s.inFlight.size < best.inFlight.size)) best = s
      if (!best) return
      const job = this.queue.shift()
      if (!job) return
      best.inFlight.set(job.id, job.p)
      const req: WorkerRequest = { id: job.id, path: job.p.path, options: job.p.options }
      best.worker.postMessage(req)
    }
  }

  run(path: string, options: Partial<NormalizeOptions>): Promise<NormalizeOutcome> {
    if (this.terminated) return Promise.reject(abortError())
    if (this.fallback) return this.fallback.run(path, options)
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, p: { resolve, reject, path, options } })
      this.pump()
    })
  }

  async terminate(): Promise<void> {
    if (this.terminated) return
    this.terminated = true
    await this.fallback?.terminate()
    const err = abortError()
    for (const j of this.queue.splice(0)) j.p.reject(err)
    for (const s of this.slots) {
      for (const p of s.inFlight.values()) p.reject(err)
      s.inFlight.clear()
    }
    await Promise.all(this.slots.map((s) => closeWorker(s.worker)))
  }
}

const CLOSE_GRACE_MS = 5000

/** Lets a worker exit once its files in flight are decoded; terminated only if it does not within the grace period. */
function closeWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () =>
        void worker
          .terminate()
          .catch(() => 0)
          .finally(resolve),
      CLOSE_GRACE_MS,
    )
    worker.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    worker.postMessage(CLOSE_WORKER)
  })
}

/** Build the runner for an import. Falls back to 'inline' when the worker entry is missing. */
export function createImageRunner(options: RunnerOptions = {}): ImageRunner {
  const threads = Math.max(1, options.threads ?? availableParallelism())
  const engine = options.engine ?? 'workers'
  if (engine === 'workers') {
    const url = options.workerUrl ? new URL(options.workerUrl) : defaultWorkerUrl()
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) {
      return new WorkerPool(url, threads, Math.max(1, options.perThread ?? 2))
    }
  }
  return createInlineRunner(Math.max(1, options.perThread ?? 2) * threads)
}

/** libvips settings used during an import (process-wide): no operation cache for one-shot buffers. */
export function configureSharpForImport(): void {
  sharp.cache(false)
}
