import { randomInt } from 'node:crypto'
import { join } from 'node:path'
import { StudioError } from '../../src-shared/contract/errors'
import type { Hyperparameters, NewRun, PresetName } from '../../src-shared/contract/runs'
import { configWithLoss } from '../../src-shared/contract/train-config'
import type { DatasetSummary } from '../../src-shared/contract/datasets'
import type { DatasetQueries } from '../db/queries/datasets'
import { ConfigError, parseTrainConfig, preset, type TrainConfig } from '../engine/presets'
import { cacheFileName } from './datasets/training-cache'

/** A run request turned into what trains: its dataset, its seed and its validated config. */
export function runSettings(datasets: DatasetQueries, request: NewRun): { dataset: DatasetSummary; seed: number; config: TrainConfig } {
  const dataset = datasets.summary(request.datasetId)
  if (!dataset) throw new StudioError('NOT_FOUND', `There is no dataset ${request.datasetId}.`)
  const seed = request.seed ?? randomInt(0, 2 ** 31)
  return { dataset, seed, config: trainConfig(request.preset, request.hyperparameters ?? {}, seed, dataset) }
}

function trainConfig(presetName: PresetName, overrides: Hyperparameters, seed: number, dataset: DatasetSummary): TrainConfig {
  const base = configWithLoss(preset(presetName), overrides.loss)
  const { learningRate, beta1, beta2, loss: _loss, ...rest } = overrides
  const optimizer = { ...base.optimizer, ...(learningRate !== undefined && { lr: learningRate }) }
  if (optimizer.kind === 'adam') Object.assign(optimizer, beta1 !== undefined && { beta1 }, beta2 !== undefined && { beta2 })
  const size = base.imageSize
  if (!(dataset.sizes as number[]).includes(size)) {
    throw new StudioError('VALIDATION', `The ${presetName} preset trains on ${size}×${size} images, but this dataset was imported at ${dataset.sizes.join(' and ')} px: re-import it with size ${size}.`)
  }
  try {
    return parseTrainConfig(
      { ...base, ...rest, optimizer, seed, channels: dataset.channels },
      { count: dataset.imageCount - dataset.excludedCount, size, channels: dataset.channels },
    )
  } catch (error) {
    if (error instanceof ConfigError) throw new StudioError('VALIDATION', error.message)
    throw error
  }
}

/** The dataset's packed training cache at the config's image size. */
export function trainingCachePath(datasets: DatasetQueries, datasetsDir: string, datasetId: number, config: TrainConfig): string {
  return join(datasetsDir, datasets.storage(datasetId)!.storageDir, cacheFileName(config.imageSize))
}
