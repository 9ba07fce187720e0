import { StudioError } from '../../../src-shared/contract/errors'
import type { ExportWorkerCommand, ExportWorkerReport } from './export-protocol'
import { spawnWorkerThread } from '../worker-thread'
import { exportWorkerUrl } from '../worker-url'
import type { Producer } from './export-job'
import { cancelledError } from './run-export'

/**
 * Produces an export in its own worker thread, so generating and encoding never block main (the
 * app's window, the serve bridge). Aborting terminates the thread at once; the caller (runExport)
 * then removes the staging folder.
 */
export const produceInWorker: Producer = (job, staging, { signal, onProgress }) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError())
    const worker = spawnWorkerThread(exportWorkerUrl())
    let settled = false
    const settle = (finish: () => void) => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      void worker.terminate().finally(finish)
    }
    const onAbort = () => settle(() => reject(cancelledError()))
    signal?.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (report: ExportWorkerReport) => {
      if (settled) return
      if (report.type === 'progress') onProgress?.(report.progress)
      else if (report.type === 'produced') settle(() => resolve(report.produced))
      else settle(() => reject(report.code ? new StudioError(report.code, report.message) : new Error(report.message)))
    })
    worker.on('error', (error) => settle(() => reject(new Error(`The export worker failed: ${error.message}`))))
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`The export worker stopped unexpectedly (exit code ${code}).`))),
    )
    worker.postMessage({ type: 'produce', job, staging } satisfies ExportWorkerCommand)
  })
