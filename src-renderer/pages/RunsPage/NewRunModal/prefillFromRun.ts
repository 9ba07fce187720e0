import type { RunDetail } from '../../../../src-shared/contract/runs'
import { studio, unwrap } from '../../../studio'
import { hyperparametersOf } from '../../../../src-shared/contract/hyperparameters'
import type { NewRunPrefill } from './NewRunModal'

export function prefillFromDetail(run: RunDetail): NewRunPrefill {
  return {
    name: `${run.name} (copy)`,
    datasetId: run.datasetId,
    preset: run.preset,
    epochs: run.epochs,
    seed: run.seed,
    hyperparameters: hyperparametersOf(run.config),
  }
}

/** The settings of an existing run, read from `runs.get(...).config`, ready for the New run form. */
export async function prefillFromRun(runId: number): Promise<NewRunPrefill> {
  return prefillFromDetail(await unwrap(studio.runs.get({ runId })))
}
