import type { ErrorCode } from '../../../src-shared/contract/errors'
import type { ExportJob, ExportProgress, Produced } from './export-job'

/** What main asks of an export worker: one job, produced into a staging folder main created. */
export interface ExportWorkerCommand {
  type: 'produce'
  job: ExportJob
  staging: string
}

/** What an export worker reports; `failed` carries a StudioError's code when it had one. */
export type ExportWorkerReport =
  | { type: 'progress'; progress: ExportProgress }
  | { type: 'produced'; produced: Produced }
  | { type: 'failed'; code: ErrorCode | null; message: string }
