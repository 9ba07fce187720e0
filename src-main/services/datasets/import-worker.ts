/**
 * worker_threads entry: normalises files sent by import-pool.ts. Each worker handles several
 * files concurrently (sharp is asynchronous), so sharp's libuv threads stay busy.
 */
import { parentPort } from 'node:worker_threads'
import sharp from 'sharp'
import { CLOSE_WORKER, type WorkerRequest, type WorkerResponse } from './import-worker-protocol'
import { normalizeImageFile, type NormalizeOutcome } from './normalize-image'

/** Buffers to transfer (not copy) back to the main thread. */
export function transferListOf(outcome: NormalizeOutcome): ArrayBuffer[] {
  if (!outcome.ok) return []
  const seen = new Set<ArrayBuffer>()
  const add = (a: Uint8Array): void => {
    // only whole, non-pooled buffers may be detached
    const buf = a.buffer
    if (buf instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === buf.byteLength) seen.add(buf)
  }
  for (const px of outcome.pixelsBySize.values()) add(px)
  add(outcome.thumbnailPng)
  return [...seen]
}

const port = parentPort
if (port) {
  sharp.cache(false)
  port.on('message', (msg: WorkerRequest | typeof CLOSE_WORKER) => {
    if (msg === CLOSE_WORKER) {
      port.close()
      return
    }
    void normalizeImageFile(msg.path, msg.options, { sync: true })
      .catch((err: unknown): NormalizeOutcome => ({
        ok: false,
        code: 'internal-error',
        message: `Unexpected error while processing this file. (${String(err).slice(0, 200)})`,
      }))
      .then((outcome) => {
        const res: WorkerResponse = { id: msg.id, outcome }
        port.postMessage(res, transferListOf(outcome))
      })
  })
  port.postMessage({ ready: true })
}
