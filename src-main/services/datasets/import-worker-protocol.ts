/** Messages between the import pool (main thread) and its worker threads. */
import type { NormalizeOptions, NormalizeOutcome } from './normalize-image'

export interface WorkerRequest {
  id: number
  path: string
  options: Partial<NormalizeOptions>
}

/** Asks a worker to finish what it is decoding and exit on its own: terminating a thread inside sharp can crash the process. */
export const CLOSE_WORKER = 'close'

export interface WorkerResponse {
  id: number
  outcome: NormalizeOutcome
}
