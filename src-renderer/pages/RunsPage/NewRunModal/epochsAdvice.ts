import type { PresetName } from '../../../../src-shared/contract/runs'
import { stepsPerEpoch, suggestedEpochs } from '../../../../src-shared/contract/train-config'
import { plural } from '../../../lib/quantityText'

/** Where the suggested number of epochs comes from, in words (shown under the Epochs field). */
export function epochsAdvice(preset: PresetName, images: number, batchSize: number): string {
  const suggested = suggestedEpochs(preset, images, batchSize)
  return `Suggested: ${suggested}, that is ${plural(suggested * stepsPerEpoch(images, batchSize), 'step')} on ${plural(images, 'image')}`
}
