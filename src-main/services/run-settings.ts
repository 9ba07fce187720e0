import { randomInt } from 'node:crypto'
import { join } from 'node:path'
import { StudioError } from '../../src-shared/contract/errors'
import { hyperparameterAt, withHyperparameters, type Hyperparameters } from '../../src-shared/contract/hyperparameters'
import { RUN_LIMITS, type NewRun, type PresetName } from '../../src-shared/contract/runs'
import type { DatasetSummary } from '../../src-shared/contract/datasets'
import type { DatasetQueries } from '../db/queries/datasets'
import { ConfigError, parseTrainConfig, preset, type TrainConfig } from '../engine/presets'
import { cacheFileName } from './datasets/training-cache'

/** A run request turned into what trains: its dataset, its seed and its validated config. */
export function runSettings(
  datasets: DatasetQueries,
  request: NewRun,
): { dataset: DatasetSummary; seed: number; config: TrainConfig } {
  const dataset = datasets.summary(request.datasetId)
  if (!dataset) throw new StudioError('NOT_FOUND', `There is no dataset ${request.datasetId}.`)
  const seed = request.seed ?? randomInt(0, RUN_LIMITS.maxSeed)
  return { dataset, seed, config: trainConfig(request.preset, request.hyperparameters ?? {}, seed, dataset) }
}

function trainConfig(
  presetName: PresetName,
  chosen: Hyperparameters,
  seed: number,
  dataset: DatasetSummary,
): TrainConfig {
  const config = withHyperparameters(preset(presetName), chosen)
  const size = config.imageSize
  if (!(dataset.sizes as number[]).includes(size)) {
    throw StudioError.invalid([
      {
        path: ['datasetId'],
        message: `The ${presetName} preset trains on ${size}×${size} images, but this dataset was imported at ${dataset.sizes.join(' and ')} px: re-import it with size ${size}.`,
      },
    ])
  }
  try {
    return parseTrainConfig(
      { ...config, seed, channels: dataset.channels },
      { count: dataset.imageCount - dataset.excludedCount, size, channels: dataset.channels },
    )
  } catch (error) {
    if (error instanceof ConfigError)
      throw StudioError.invalid(
        error.issues.map((issue) => ({ path: requestPath(issue.path), message: issue.message })),
      )
    throw error
  }
}

/** Where a config problem sits in a runs.create request: a hyperparameter's field, else the dataset it trains on. */
function requestPath(configPath: (string | number)[]): (string | number)[] {
  const key = hyperparameterAt(configPath)
  if (key) return ['hyperparameters', key]
  if (configPath[0] === 'imageSize' || configPath[0] === 'channels') return ['datasetId']
  if (configPath[0] === 'optimizer') return ['hyperparameters', 'loss']
  return []
}

/** The dataset's packed training cache at the config's image size. */
export function trainingCachePath(
  datasets: DatasetQueries,
  datasetsDir: string,
  datasetId: number,
  config: TrainConfig,
): string {
  return join(datasetsDir, datasets.storage(datasetId)!.storageDir, cacheFileName(config.imageSize))
}
