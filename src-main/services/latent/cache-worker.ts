import { latentWorkerUrl } from '../worker-url'
import { spawnWorkerThread } from '../worker-thread'
import type { CacheJob } from './generator-cache'

/** The latent worker's only message. */
export type LatentWorkerOutcome = { ok: true; backend: string } | { ok: false; message: string }

export type RunCacheJob = (job: CacheJob) => Promise<void>

/** Builds a cache entry in a worker thread: seconds of tfjs work (paper-64 directions) never block main. */
export const runCacheJobInWorker: RunCacheJob = (job) =>
  new Promise((resolve, reject) => {
    const worker = spawnWorkerThread(latentWorkerUrl(), { workerData: job })
    let settled = false
    const settle = (error?: Error) => {
      if (settled) return
      settled = true
      void worker.terminate()
      if (error) reject(error)
      else resolve()
    }
    worker.once('message', (outcome: LatentWorkerOutcome) =>
      settle(outcome.ok ? undefined : new Error(outcome.message)),
    )
    worker.once('error', (error) => settle(error))
    worker.once('exit', (code) => settle(new Error(`the latent worker exited (code ${code}) before finishing`)))
  })
