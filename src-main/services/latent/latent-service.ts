/**
 * The latent studio's main side: a checkpoint's generator served to the renderer as a TF.js model
 * (the renderer generates every frame itself), its principal directions, and the run's pinned faces.
 * Derived files live in the data folder's cache, one folder per checkpoint, made once on first use.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { EventHub } from '../../bridge/event-hub'
import { StudioError } from '../../../src-shared/contract/errors'
import type { GeneratorRuntime, LatentDirections, LatentModel, PinnedFace } from '../../../src-shared/contract/latent'
import type { StudioDatabase } from '../../db/open-database'
import {
  deletePinnedFace,
  getPinnedFace,
  insertPinnedFace,
  listPinnedFaces,
  renamePinnedFace,
} from '../../db/queries/pinned-faces'
import type { RunQueries } from '../../db/queries/runs'
import { MODEL_JSON_FILE, MODEL_WEIGHTS_FILE } from '../../engine/export-generator'
import { modelConfigOf } from '../../engine/trainer'
import type { TrainConfig } from '../../engine/presets'
import type { MediaService } from '../media-service'
import { runCacheJobInWorker, type RunCacheJob } from './cache-worker'
import {
  DIRECTIONS_FILE,
  checkpointCacheFolder,
  isCached,
  type CacheKind,
  type DirectionsFile,
} from './generator-cache'

const CHECKPOINT_FOLDER = /^checkpoint-(\d+)$/
const requireFromHere = createRequire(import.meta.url)
const WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const

interface Checkpoint {
  id: number
  epoch: number
  step: number
  folder: string
}

export class LatentService {
  readonly #building = new Map<string, Promise<void>>()
  readonly #cacheRoot: string

  constructor(
    private readonly db: StudioDatabase,
    cacheDir: string,
    private readonly hub: EventHub,
    media: MediaService,
    private readonly runs: RunQueries,
    private readonly runCacheJob: RunCacheJob = runCacheJobInWorker,
  ) {
    this.#cacheRoot = path.join(cacheDir, 'latent')
    for (const raw of [false, true]) {
      const prefix = raw ? 'latentraw' : 'latent'
      media.register(`${prefix}model`, (checkpointId) =>
        this.#cachedFile(checkpointId, raw, MODEL_JSON_FILE, 'application/json'),
      )
      media.register(`${prefix}weights`, (checkpointId) =>
        this.#cachedFile(checkpointId, raw, MODEL_WEIGHTS_FILE, 'application/octet-stream'),
      )
    }
    media.register('tfjswasm', (index) => {
      const name = WASM_FILES[index - 1]
      return (
        name && {
          path: requireFromHere.resolve(`@tensorflow/tfjs-backend-wasm/dist/${name}`),
          contentType: 'application/wasm',
        }
      )
    })
    hub.subscribe((channel) => {
      if (channel === 'runs.removed' || channel === 'runs.changed') this.pruneCache()
    })
  }

  /** The checkpoint's generator (its EMA, or G itself when `raw`) as model.json + weights media ids, made on first use. */
  async model(runId: number, checkpointId?: number, raw = false): Promise<LatentModel> {
    const { run, config, checkpoint } = this.#resolve(runId, checkpointId)
    await this.#ensure('model', checkpoint, raw)
    const model = modelConfigOf(config)
    const prefix = raw ? 'latentraw' : 'latent'
    return {
      runId,
      checkpoint: { id: checkpoint.id, epoch: checkpoint.epoch, step: checkpoint.step },
      modelMediaId: `${prefix}model-${checkpoint.id}`,
      weightsMediaId: `${prefix}weights-${checkpoint.id}`,
      arch: model.arch,
      zDim: model.zDim,
      imageSize: model.imageSize,
      channels: model.channels,
      seed: run.seed,
      raw,
    }
  }

  /** The first `count` principal directions of the checkpoint's latent space (computed once, in a worker). */
  async directions(runId: number, checkpointId: number | undefined, count: number): Promise<LatentDirections> {
    const { checkpoint } = this.#resolve(runId, checkpointId)
    await this.#ensure('directions', checkpoint)
    const file = JSON.parse(
      await readFile(path.join(this.#folder(checkpoint.id), DIRECTIONS_FILE), 'utf8'),
    ) as DirectionsFile
    return { checkpointId: checkpoint.id, samples: file.samples, directions: file.directions.slice(0, count) }
  }

  runtime(): GeneratorRuntime {
    return { wasm: 'tfjswasm-1', wasmSimd: 'tfjswasm-2', wasmThreadedSimd: 'tfjswasm-3' }
  }

  listFaces(runId: number): PinnedFace[] {
    this.#run(runId)
    return listPinnedFaces(this.db, runId).map((face) => ({ ...face, runId, latent: Array.from(face.latent) }))
  }

  pin(request: { runId: number; checkpointId?: number; name: string; latent: number[] }): PinnedFace {
    const { config, checkpoint } = this.#resolve(request.runId, request.checkpointId)
    if (request.latent.length !== config.zDim) {
      throw new StudioError(
        'VALIDATION',
        `This face's latent has ${request.latent.length} values, but run ${request.runId}'s generator takes ${config.zDim}.`,
      )
    }
    const faceId = insertPinnedFace(this.db, {
      runId: request.runId,
      checkpointId: checkpoint.id,
      name: request.name,
      latent: request.latent,
    })
    this.hub.emit('faces.changed', { runId: request.runId })
    return this.#face(faceId)
  }

  rename(faceId: number, name: string): PinnedFace {
    if (!renamePinnedFace(this.db, faceId, name))
      throw new StudioError('NOT_FOUND', `There is no pinned face ${faceId}.`)
    const face = this.#face(faceId)
    this.hub.emit('faces.changed', { runId: face.runId })
    return face
  }

  delete(faceId: number): { faceId: number } {
    const face = this.#face(faceId)
    deletePinnedFace(this.db, faceId)
    this.hub.emit('faces.changed', { runId: face.runId })
    return { faceId }
  }

  /** Removes the cache of checkpoints that no longer exist (pruned by training, or their run deleted). */
  pruneCache(): void {
    let entries: string[]
    try {
      entries = readdirSync(this.#cacheRoot)
    } catch {
      return
    }
    const live = new Set(this.db.prepare(`SELECT id FROM checkpoints`).pluck().all() as number[])
    for (const entry of entries) {
      const match = CHECKPOINT_FOLDER.exec(entry)
      if (match && !live.has(Number(match[1])) && !this.#isBuilding(Number(match[1]))) {
        rmSync(path.join(this.#cacheRoot, entry), { recursive: true, force: true })
      }
    }
  }

  #face(faceId: number): PinnedFace {
    const face = getPinnedFace(this.db, faceId)
    if (!face) throw new StudioError('NOT_FOUND', `There is no pinned face ${faceId}.`)
    return { ...face, latent: Array.from(face.latent) }
  }

  #run(runId: number) {
    const run = this.runs.summary(runId)
    if (!run) throw new StudioError('NOT_FOUND', `There is no run ${runId}.`)
    return run
  }

  #resolve(
    runId: number,
    checkpointId: number | undefined,
  ): { run: { seed: number }; config: TrainConfig; checkpoint: Checkpoint } {
    const run = this.#run(runId)
    const checkpoints = this.runs.checkpoints(runId)
    const checkpoint =
      checkpointId === undefined ? checkpoints.at(-1) : checkpoints.find((candidate) => candidate.id === checkpointId)
    if (!checkpoint) {
      throw new StudioError(
        'NOT_FOUND',
        checkpointId === undefined
          ? `Run ${runId} has no checkpoint yet: its generator appears after the first epoch.`
          : `Run ${runId} has no checkpoint ${checkpointId} (training keeps only the newest few).`,
      )
    }
    return { run, config: this.runs.config(runId) as TrainConfig, checkpoint }
  }

  #folder(checkpointId: number, raw = false): string {
    return checkpointCacheFolder(this.#cacheRoot, checkpointId, raw)
  }

  #isBuilding(checkpointId: number): boolean {
    return [...this.#building.keys()].some((key) => key.endsWith(`:${checkpointId}`))
  }

  #cachedFile(checkpointId: number, raw: boolean, name: string, contentType: string) {
    const folder = this.#folder(checkpointId, raw)
    return isCached('model', folder) ? { path: path.join(folder, name), contentType } : undefined
  }

  /** Builds the cache entry once, however many callers ask for it at the same time. */
  async #ensure(kind: CacheKind, checkpoint: Checkpoint, raw = false): Promise<void> {
    const cacheFolder = this.#folder(checkpoint.id, raw)
    if (isCached(kind, cacheFolder)) return
    if (!existsSync(checkpoint.folder))
      throw new StudioError(
        'NOT_FOUND',
        `Checkpoint ${checkpoint.id} (epoch ${checkpoint.epoch}) is missing from disk.`,
      )
    const key = `${kind}:${raw ? 'raw' : 'ema'}:${checkpoint.id}`
    let building = this.#building.get(key)
    if (!building) {
      building = this.runCacheJob({ kind, checkpointFolder: checkpoint.folder, cacheFolder, raw }).finally(() =>
        this.#building.delete(key),
      )
      this.#building.set(key, building)
    }
    try {
      await building
    } catch (error) {
      throw new StudioError(
        'UNAVAILABLE',
        `Could not prepare the generator of checkpoint ${checkpoint.id} (epoch ${checkpoint.epoch}): ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
}
