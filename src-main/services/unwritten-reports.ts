import { diskFullReason, isDiskFull } from './disk-full'
import type { TrainingReport } from './training-protocol'

export const DATABASE_FULL_REASON = diskFullReason(
  "the run's progress could not be saved in its database; nothing was lost and training waits",
)

/**
 * Reports of a run that could not be written because the disk is full, kept in order and written before the run goes
 * on: nothing a worker reports is dropped, and no later report overtakes one kept here. The first one kept calls
 * `onFull` (which pauses the run); `retry` writes them again once space was freed.
 */
export class UnwrittenReports {
  readonly #kept = new Map<number, TrainingReport[]>()

  constructor(
    private readonly write: (runId: number, report: TrainingReport) => void,
    private readonly onFull: (runId: number, reason: string) => void,
  ) {}

  /** Writes the report, or keeps it when the disk is full or reports are already kept for the run. */
  accept(runId: number, report: TrainingReport): void {
    const kept = this.#kept.get(runId)
    if (kept) {
      kept.push(report)
      return
    }
    try {
      this.write(runId, report)
    } catch (error) {
      if (!isDiskFull(error)) throw error
      this.#kept.set(runId, [report])
      this.onFull(runId, DATABASE_FULL_REASON)
    }
  }

  /** Writes what was kept, in order; false while the disk is still full (what is left stays kept). */
  retry(runId: number): boolean {
    const kept = this.#kept.get(runId)
    if (!kept) return true
    while (kept.length > 0) {
      try {
        this.write(runId, kept[0]!)
      } catch (error) {
        if (!isDiskFull(error)) throw error
        return false
      }
      kept.shift()
    }
    this.#kept.delete(runId)
    return true
  }
}
