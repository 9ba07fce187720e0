import type { Dataset } from '../engine/dataset'
import { readTrainingCache } from '../services/datasets/training-cache'

/** The dataset's packed cache, keeping only `positions` (the images not excluded), in one read. */
export async function loadDataset(cachePath: string, positions: readonly number[], channels: 1 | 3): Promise<Dataset> {
  const cache = await readTrainingCache(cachePath, { channels })
  if (positions.length === cache.count) return cache
  const imageBytes = cache.size * cache.size * cache.channels
  const pixels = new Uint8Array(positions.length * imageBytes)
  positions.forEach((position, index) =>
    pixels.set(cache.pixels.subarray(position * imageBytes, (position + 1) * imageBytes), index * imageBytes),
  )
  return { count: positions.length, size: cache.size, channels: cache.channels, pixels }
}
