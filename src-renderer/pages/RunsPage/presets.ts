import { hyperparametersOf, type Hyperparameters } from '../../../src-shared/contract/hyperparameters'
import type { PresetName } from '../../../src-shared/contract/runs'
import {
  configWithLoss,
  PRESETS,
  PRESET_GUIDES,
  type PresetGuide,
  type TrainConfig,
} from '../../../src-shared/contract/train-config'

/** What the new-run form needs to know about a preset, read from the presets the engine trains with. */
export interface PresetInfo {
  guide: PresetGuide
  config: TrainConfig
  /** its value of each hyperparameter (no betas where the optimiser is RMSprop) */
  defaults: Hyperparameters
}

/** A preset trained with the other loss (null: the preset's own), with that loss's optimiser defaults. */
export function presetWithLoss(name: PresetName, loss: TrainConfig['loss'] | null): PresetInfo {
  const config = configWithLoss(PRESETS[name], loss ?? undefined)
  return { guide: PRESET_GUIDES[name], config, defaults: hyperparametersOf(config) }
}
