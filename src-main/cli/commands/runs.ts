import type { Command } from '../command'
import { openStudio } from '../open-studio'
import { printable, printResult } from '../output'
import type { RunSummary } from '../../../src-shared/contract/runs'

/** The latest SWD and the best epoch's, lower being better; nothing before an epoch was scored. */
function quality(run: RunSummary): string {
  if (run.swd === null || run.bestSwd === null) return ''
  return `  SWD ${run.swd.toFixed(1)} (best ${run.bestSwd.toFixed(1)} at epoch ${run.bestEpoch})`
}

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List every run with its status, epochs and step',
  usage: 'dcgan-studio runs [--data-dir DIR] [--json]',
  options: {},
  async run({ dataDir, json }) {
    const studio = openStudio(dataDir)
    try {
      const runs = studio.runs.list()
      printResult(json, runs, () =>
        runs.length === 0
          ? 'No runs yet: start one with `dcgan-studio train`.'
          : runs
              .map(
                (run) =>
                  `${String(run.id).padStart(4)}  ${run.status.padEnd(11)} epoch ${run.epoch}/${run.epochs}  step ${run.step}  ${printable(run.name)}${quality(run)}${run.statusReason ? `  (${printable(run.statusReason)})` : ''}`,
              )
              .join('\n'),
      )
      return 0
    } finally {
      studio.close()
    }
  },
}
