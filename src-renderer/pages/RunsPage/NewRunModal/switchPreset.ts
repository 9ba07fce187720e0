import { HYPERPARAMETER_FIELDS } from '../../../../src-shared/contract/hyperparameters'
import type { PresetName } from '../../../../src-shared/contract/runs'
import { presetWithLoss, type PresetInfo } from '../presets'
import type { Loss, NumericKey, NumericValues } from './HyperparameterFields'

/** The fields that make the model itself: they always follow the preset (image size comes with it). */
const MODEL_KEYS: readonly NumericKey[] = ['batchSize', 'zDim', 'baseChannels']

interface FormState {
  from: PresetName
  to: PresetName
  /** the preset being left, as the form had it (with its loss) */
  fromInfo: PresetInfo
  values: NumericValues
  flip: boolean | null
  loss: Loss | null
  name: string
}

/**
 * The form after a change of preset: the model fields take the new preset's values, and so does every other field
 * still at the old preset's value; only settings the user changed are kept. A name that says the old preset says
 * the new one ("quick on Faces (copy)" → "compact-32 on Faces (copy)"), so a duplicated run is labelled for what it trains.
 */
export function switchPreset({
  from,
  to,
  fromInfo,
  values,
  flip,
  loss,
  name,
}: FormState): Pick<FormState, 'values' | 'flip' | 'loss' | 'name'> {
  const nextLoss = loss === null || loss === fromInfo.config.loss ? null : loss
  const next = presetWithLoss(to, nextLoss)
  const nextValues = { ...values }
  for (const field of HYPERPARAMETER_FIELDS) {
    if (field.kind !== 'number') continue
    const key = field.key as NumericKey
    const value = values[key]
    if (value === '') continue
    if (MODEL_KEYS.includes(key) || value === fromInfo.defaults[key])
      nextValues[key] = (next.defaults[key] as number | undefined) ?? ''
  }
  return {
    values: nextValues,
    flip: flip === fromInfo.defaults.flip ? null : flip,
    loss: nextLoss,
    name: from === to ? name : name.split(from).join(to),
  }
}
