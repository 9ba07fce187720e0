import { UsageError, type Command } from '../command'
import { checkpointAtEpoch, findRun } from '../find-run'
import { openStudio } from '../open-studio'
import { printResult } from '../output'

export const checkpointsCommand: Command = {
  name: 'checkpoints',
  summary:
    "List a run's checkpoints; --keep marks one to survive pruning (the newest three are always kept), --release unmarks it",
  usage: 'dcgan-studio checkpoints <run name|id> [--keep EPOCH] [--release EPOCH] [--data-dir DIR] [--json]',
  options: { keep: { type: 'string' }, release: { type: 'string' } },
  async run({ values, positionals, dataDir, json }) {
    if (positionals.length !== 1) throw new UsageError('give the name or id of one run (see `dcgan-studio runs`).')
    if (values.keep !== undefined && values.release !== undefined)
      throw new UsageError('give --keep or --release, not both.')
    const studio = openStudio(dataDir)
    try {
      const runId = findRun(studio, positionals[0]!)
      const epoch = values.keep ?? values.release
      if (typeof epoch === 'string')
        studio.runs.keepCheckpoint(runId, checkpointAtEpoch(studio, runId, epoch), values.keep !== undefined)
      const checkpoints = studio.runs.detail(runId).checkpoints
      printResult(json, checkpoints, () =>
        checkpoints.length === 0
          ? `Run ${runId} has no checkpoint yet.`
          : checkpoints
              .map(
                (c) =>
                  `epoch ${String(c.epoch).padStart(5)}  step ${String(c.step).padStart(8)}  ${c.createdAt}${c.kept ? '  kept' : ''}`,
              )
              .join('\n'),
      )
      return 0
    } finally {
      studio.close()
    }
  },
}
