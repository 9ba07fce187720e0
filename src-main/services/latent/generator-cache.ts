/**
 * What the latent studio derives from a checkpoint, made once and kept in the data folder's cache:
 * the generator as a TF.js layers model (the renderer generates with it) and the principal directions
 * of its latent space. Each file appears complete or not at all (written aside, then renamed).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, promises as fsp } from 'node:fs'
import path from 'node:path'
import { MAX_DIRECTIONS } from '../../../src-shared/contract/latent'
import { readCheckpoint } from '../../engine/checkpoint'
import {
  MODEL_JSON_FILE,
  MODEL_WEIGHTS_FILE,
  generatorModelFiles,
  generatorWeightsOf,
} from '../../engine/export-generator'
import { DIRECTION_SAMPLES, generatorDirections } from '../../engine/latent-directions'

export const DIRECTIONS_FILE = 'directions.json'
export const CACHE_KINDS = ['model', 'directions'] as const
export type CacheKind = (typeof CACHE_KINDS)[number]

export interface CacheJob {
  kind: CacheKind
  checkpointFolder: string
  /** the checkpoint's own cache folder (G's raw weights have a folder of their own inside it) */
  cacheFolder: string
  /** G's own weights, not their EMA */
  raw?: boolean
}

export interface DirectionsFile {
  samples: number
  directions: { vector: number[]; explainedVariance: number; sigma: number }[]
}

export function checkpointCacheFolder(cacheRoot: string, checkpointId: number, raw = false): string {
  const folder = path.join(cacheRoot, `checkpoint-${checkpointId}`)
  return raw ? path.join(folder, 'raw-g') : folder
}

/** The files a job leaves in the cache folder; it is done when they all exist. */
export function cacheFiles(kind: CacheKind, cacheFolder: string): string[] {
  const names = kind === 'model' ? [MODEL_WEIGHTS_FILE, MODEL_JSON_FILE] : [DIRECTIONS_FILE]
  return names.map((name) => path.join(cacheFolder, name))
}

export function isCached(kind: CacheKind, cacheFolder: string): boolean {
  return cacheFiles(kind, cacheFolder).every((file) => existsSync(file))
}

/** Runs one job on the current tfjs backend (the worker chooses it). */
export async function buildCache(job: CacheJob): Promise<void> {
  if (isCached(job.kind, job.cacheFolder)) return
  const weights = await generatorWeightsOf(await readCheckpoint(job.checkpointFolder), { raw: job.raw })
  await fsp.mkdir(job.cacheFolder, { recursive: true })
  if (job.kind === 'model') {
    const files = await generatorModelFiles(weights)
    // weights first: model.json names them, so a model.json on disk always has its weights
    await writeAtomically(path.join(job.cacheFolder, MODEL_WEIGHTS_FILE), files.weights)
    await writeAtomically(path.join(job.cacheFolder, MODEL_JSON_FILE), JSON.stringify(files.modelJson))
  } else {
    const directions = generatorDirections(weights, MAX_DIRECTIONS, DIRECTION_SAMPLES)
    const file: DirectionsFile = {
      samples: DIRECTION_SAMPLES,
      directions: directions.map((direction) => ({ ...direction, vector: Array.from(direction.vector) })),
    }
    await writeAtomically(path.join(job.cacheFolder, DIRECTIONS_FILE), JSON.stringify(file))
  }
}

async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const aside = `${file}.${randomBytes(6).toString('hex')}.partial`
  try {
    await fsp.writeFile(aside, data)
    await fsp.rename(aside, file)
  } catch (error) {
    await fsp.rm(aside, { force: true })
    throw error
  }
}
