import { UsageError, type Command } from '../command'
import { checkpointAtEpoch } from '../find-run'
import { hyperparametersFromFlags } from '../hyperparameter-flags'
import { openStudio } from '../open-studio'
import { followRun } from './train'

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Continue a stopped or interrupted run from its last checkpoint (or an earlier one) to its planned epochs',
  usage: 'dcgan-studio resume <run id> [--from-epoch N] [--lr RATE] [--data-dir DIR] [--json]',
  options: { lr: { type: 'string' }, 'from-epoch': { type: 'string' } },
  async run({ values, positionals, dataDir, json, signal }) {
    const runId = Number(positionals[0])
    if (!Number.isInteger(runId) || runId < 1 || positionals.length !== 1) throw new UsageError('give the id of the run to resume (see `dcgan-studio runs`).')
    const studio = openStudio(dataDir)
    try {
      const { learningRate } = hyperparametersFromFlags({ lr: values.lr })
      const fromEpoch = values['from-epoch']
      const checkpointId = typeof fromEpoch === 'string' ? checkpointAtEpoch(studio, runId, fromEpoch) : undefined
      studio.runs.resume(runId, { learningRate, checkpointId })
      return await followRun(studio, runId, json, signal)
    } finally {
      studio.close()
    }
  },
}
