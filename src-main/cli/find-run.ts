import type { Studio } from '../services/studio'
import { UsageError } from './command'

/** A run named on the command line, by its name or its id. */
export function findRun(studio: Studio, ref: string): number {
  const runs = studio.runs.list()
  const match = runs.find((run) => run.name === ref) ?? runs.find((run) => String(run.id) === ref)
  if (!match)
    throw new UsageError(
      `there is no run "${ref}". Known: ${runs.map((run) => `${run.id} "${run.name}"`).join(', ') || 'none'}.`,
      1,
    )
  return match.id
}

/** The id of the run's checkpoint at `epoch` (as typed), or a usage error listing the epochs it has. */
export function checkpointAtEpoch(studio: Studio, runId: number, epoch: string): number {
  const checkpoints = studio.runs.detail(runId).checkpoints
  const match = checkpoints.find((checkpoint) => String(checkpoint.epoch) === epoch)
  if (!match) {
    throw new UsageError(
      `run ${runId} has no checkpoint at epoch "${epoch}"; it has checkpoints at epochs ${checkpoints.map((checkpoint) => checkpoint.epoch).join(', ') || '(none)'}.`,
    )
  }
  return match.id
}
