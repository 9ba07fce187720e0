import type { RunSummary } from '../../../../src-shared/contract/runs'
import { PRESET_GUIDES } from '../../../../src-shared/contract/train-config'
import { durationLabel } from '../../../lib/quantityText'

type StatusRun = Pick<RunSummary, 'status' | 'preset' | 'epoch' | 'epochs'>

/**
 * Where the faces are, from the steps trained and the step after which this preset's faces appear (measured, see
 * PRESET_GUIDES); null for a preset without that figure.
 */
export function facesStage(preset: RunSummary['preset'], step: number): string | null {
  const facesAfter = PRESET_GUIDES[preset].facesAfterSteps
  if (facesAfter === null) return null
  if (step === 0) return 'nothing learned yet'
  if (step < facesAfter / 2) return 'colours and blobs are forming'
  if (step < facesAfter) return 'faces are forming'
  if (step < 2 * facesAfter) return 'faces have appeared and are getting clearer'
  return 'faces are sharpening; details come slowly now'
}

/** How training is going, in one sentence ("Epoch 12 of 40 — faces are forming; about 6 min left"). */
export function trainingStatus(run: StatusRun, step: number, etaMs: number | null): string {
  const stage = facesStage(run.preset, step)
  const withStage = (text: string) => (stage ? `${text} — ${stage}` : text)
  switch (run.status) {
    case 'queued':
      return 'Starting: loading the photos and building the networks'
    case 'running': {
      const left = etaMs === null ? '' : `; about ${durationLabel(etaMs / 1000)} left`
      return `${withStage(`Epoch ${Math.min(run.epoch + 1, run.epochs)} of ${run.epochs}`)}${left}`
    }
    case 'paused':
      return withStage(`Paused in epoch ${Math.min(run.epoch + 1, run.epochs)} of ${run.epochs}`)
    case 'finished':
      return withStage(`Finished all ${run.epochs} epochs`)
    case 'stopped':
      return withStage(`Stopped after epoch ${run.epoch} of ${run.epochs}`)
    case 'interrupted':
      return withStage(
        `Interrupted after epoch ${run.epoch} of ${run.epochs}; resume continues from the last checkpoint`,
      )
    case 'failed':
      return `Failed after epoch ${run.epoch} of ${run.epochs}`
  }
}
