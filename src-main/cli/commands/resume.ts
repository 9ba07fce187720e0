import { RUN_LIMITS } from '../../../src-shared/contract/runs'
import { RunOwnedError } from '../../services/run-ownership'
import { UsageError, type Command } from '../command'
import { checkpointAtEpoch } from '../find-run'
import { hyperparametersFromFlags } from '../hyperparameter-flags'
import { openStudio } from '../open-studio'
import { integerOption } from './demo-dataset'
import { followRun } from './train'

export const resumeCommand: Command = {
  name: 'resume',
  summary:
    'Continue a stopped or interrupted run from its last checkpoint (or an earlier one) to its planned epochs, or train a finished run further',
  usage:
    'dcgan-studio resume <run id> [--epochs N] [--from-epoch N] [--lr RATE] [--d-lr RATE] [--data-dir DIR] [--json]',
  details:
    '--epochs N: the new total of epochs to train to (a finished run of 40 epochs with --epochs 60 trains 20 more, keeping its faces, checkpoints and plots).',
  options: {
    lr: { type: 'string' },
    'd-lr': { type: 'string' },
    'from-epoch': { type: 'string' },
    epochs: { type: 'string' },
  },
  async run({ values, positionals, dataDir, json, signal }) {
    const runId = Number(positionals[0])
    if (!Number.isInteger(runId) || runId < 1 || positionals.length !== 1)
      throw new UsageError('give the id of the run to resume (see `dcgan-studio runs`).')
    const studio = openStudio(dataDir)
    try {
      const owner = studio.runs.ownerElsewhere(runId)
      if (owner) throw new RunOwnedError(runId, owner)
      const { learningRate, dLearningRate } = hyperparametersFromFlags({ lr: values.lr, 'd-lr': values['d-lr'] })
      const fromEpoch = values['from-epoch']
      const checkpointId = typeof fromEpoch === 'string' ? checkpointAtEpoch(studio, runId, fromEpoch) : undefined
      const epochs =
        values.epochs === undefined ? undefined : integerOption(values.epochs, 0, 'epochs', 1, RUN_LIMITS.maxEpochs)
      studio.runs.resume(runId, { learningRate, dLearningRate, checkpointId, epochs })
      return await followRun(studio, runId, json, signal)
    } finally {
      studio.close()
    }
  },
}
