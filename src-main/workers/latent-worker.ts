/**
 * worker_threads entry: builds a checkpoint's latent-studio cache (its TF.js model, its principal
 * directions) off the main thread. One job per worker; the outcome is its only message.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { initBackend } from '../engine/backends'
import type { LatentWorkerOutcome } from '../services/latent/cache-worker'
import { buildCache, type CacheJob } from '../services/latent/generator-cache'

async function run(job: CacheJob): Promise<LatentWorkerOutcome> {
  // one thread: the job is short, and the machine's other cores train and serve the UI
  const { backend } = await initBackend('auto', { wasmThreads: 1 })
  await buildCache(job)
  return { ok: true, backend }
}

if (parentPort) {
  const port = parentPort
  void run(workerData as CacheJob).then(
    (outcome) => port.postMessage(outcome),
    (error: unknown) =>
      port.postMessage({
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies LatentWorkerOutcome),
  )
}
