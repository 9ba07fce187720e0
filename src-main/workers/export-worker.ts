/**
 * worker_threads entry of an export: initialises a tfjs backend in this thread and produces one
 * export into the staging folder main made. Cancelling terminates the thread; main removes the
 * staging folder, so nothing partial is left either way.
 */
import { dirname } from 'node:path'
import { parentPort } from 'node:worker_threads'
import { StudioError } from '../../src-shared/contract/errors'
import { initBackend } from '../engine/backends'
import { exportError } from '../services/exports/run-export'
import { produceExport } from '../services/exports/produce-export'
import type { ExportWorkerCommand, ExportWorkerReport } from '../services/exports/export-protocol'

const port = parentPort
if (port) {
  const send = (report: ExportWorkerReport) => port.postMessage(report)
  port.once('message', ({ job, staging }: ExportWorkerCommand) => {
    // one wasm thread: an export is a background job, and the threaded build's temp files would outlive a cancelled (terminated) worker
    initBackend('auto', { wasmThreads: 1 })
      .then(() => produceExport(job, staging, { onProgress: (progress) => send({ type: 'progress', progress }) }))
      .then(
        (produced) => send({ type: 'produced', produced }),
        (error: unknown) => {
          const mapped = exportError(error, job.destination, dirname(staging))
          send({ type: 'failed', code: mapped instanceof StudioError ? mapped.code : null, message: mapped.message })
        },
      )
  })
}
