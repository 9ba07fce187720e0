import { UsageError, type Command } from '../command'
import { openStudio } from '../open-studio'
import { followRun } from './train'

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Continue a stopped or interrupted run from its last checkpoint to its planned epochs',
  usage: 'dcgan-studio resume <run id> [--data-dir DIR] [--json]',
  options: {},
  async run({ positionals, dataDir, json, signal }) {
    const runId = Number(positionals[0])
    if (!Number.isInteger(runId) || runId < 1 || positionals.length !== 1) throw new UsageError('give the id of the run to resume (see `dcgan-studio runs`).')
    const studio = openStudio(dataDir)
    try {
      studio.runs.resume(runId)
      return await followRun(studio, runId, json, signal)
    } finally {
      studio.close()
    }
  },
}
