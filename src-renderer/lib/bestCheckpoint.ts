import type { CheckpointInfo, RunDetail } from './contract/runs'

export interface BestCheckpoint {
  checkpoint: CheckpointInfo
  bestEpoch: number
  bestSwd: number
  /** false: the best epoch's checkpoint was pruned, and `checkpoint` is the nearest one kept */
  exact: boolean
}

/**
 * The checkpoint of the run's best epoch by SWD (the one written at that epoch's end), or, when that one was pruned,
 * the nearest kept checkpoint by epoch (the later of two as near); null before an epoch was scored or with no checkpoint.
 */
export function bestCheckpoint(run: RunDetail): BestCheckpoint | null {
  const { bestEpoch, bestSwd, checkpoints } = run
  if (bestEpoch === null || bestSwd === null || checkpoints.length === 0) return null
  const byStep = [...checkpoints].sort((a, b) => a.step - b.step)
  const exact = byStep.find((checkpoint) => checkpoint.epoch === bestEpoch)
  if (exact) return { checkpoint: exact, bestEpoch, bestSwd, exact: true }
  const distance = (checkpoint: CheckpointInfo) => Math.abs(checkpoint.epoch - bestEpoch)
  const nearest = byStep.reduce((near, checkpoint) => (distance(checkpoint) <= distance(near) ? checkpoint : near))
  return { checkpoint: nearest, bestEpoch, bestSwd, exact: false }
}

/** How a checkpoint picker names the best choice. */
export function bestCheckpointLabel(best: BestCheckpoint): string {
  return best.exact
    ? `Best (epoch ${best.bestEpoch}, SWD ${best.bestSwd.toFixed(1)})`
    : `Nearest to the best (epoch ${best.checkpoint.epoch}; best was ${best.bestEpoch})`
}

/** Said under the picker when the best epoch's own checkpoint is gone; null when it is there. */
export function bestCheckpointNote(best: BestCheckpoint): string | null {
  if (best.exact) return null
  return `Epoch ${best.bestEpoch} scored best (SWD ${best.bestSwd.toFixed(1)}), but its checkpoint was not kept: epoch ${best.checkpoint.epoch} is the nearest one on disk. Mark checkpoints to keep on the Run page.`
}
