import type { Command } from '../command'
import { openStudio } from '../open-studio'
import { printable, printResult } from '../output'

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
              .map((run) => `${String(run.id).padStart(4)}  ${run.status.padEnd(11)} epoch ${run.epoch}/${run.epochs}  step ${run.step}  ${printable(run.name)}${run.statusReason ? `  (${printable(run.statusReason)})` : ''}`)
              .join('\n'),
      )
      return 0
    } finally {
      studio.close()
    }
  },
}
