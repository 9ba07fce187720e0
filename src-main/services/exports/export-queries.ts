import type { RunSummary } from '../../../src-shared/contract/runs'
import type { RunQueries } from '../../db/queries/runs'

export type ExportRun = Pick<RunSummary, 'id' | 'name' | 'seed' | 'hyperparameters' | 'segments'>

export interface ExportCheckpoint {
  id: number
  epoch: number
  step: number
  folder: string
  /** the SWD of the epoch that ended at this checkpoint's step, when that epoch was scored */
  swd: number | null
}

/** What an export needs to know about a run, read through the run queries (no SQL of its own). */
export class ExportQueries {
  constructor(private readonly runs: RunQueries) {}

  run(runId: number): ExportRun | undefined {
    const summary = this.runs.summary(runId)
    return (
      summary && {
        id: summary.id,
        name: summary.name,
        seed: summary.seed,
        hyperparameters: summary.hyperparameters,
        segments: summary.segments,
      }
    )
  }

  /** Every checkpoint of the run, oldest first. */
  checkpoints(runId: number): ExportCheckpoint[] {
    const swdAtStep = new Map(this.runs.quality(runId).map((scored) => [scored.step, scored.swd]))
    return this.runs
      .checkpoints(runId)
      .map(({ id, epoch, step, folder }) => ({ id, epoch, step, folder, swd: swdAtStep.get(step) ?? null }))
  }

  latestCheckpoint(runId: number): ExportCheckpoint | undefined {
    return this.checkpoints(runId).at(-1)
  }

  checkpoint(runId: number, checkpointId: number): ExportCheckpoint | undefined {
    return this.checkpoints(runId).find((checkpoint) => checkpoint.id === checkpointId)
  }

  /** The run's stored preview files per epoch, in cell order (for the training-progress GIF). */
  sampleFiles(runId: number): { epoch: number; step: number; files: string[] }[] {
    return this.runs.sampleFilesByEpoch(runId)
  }
}
