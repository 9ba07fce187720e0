import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher } from '../../bridge/dispatcher'
import type { EventChannel } from '../../../src-shared/contract/channels'
import type { LatentModel } from '../../../src-shared/contract/latent'
import * as tf from '../../engine/tf'
import { initBackend } from '../../engine/backends'
import { io, loadLayersModel } from '@tensorflow/tfjs'
import { writeDemoFaces } from '../datasets/demo-faces'
import { seededLatents } from '../../../src-shared/latent-math'
import { Studio } from '../studio'
import { runCacheJobInWorker } from './cache-worker'
import type { CacheJob } from './generator-cache'

let root: string
let studio: Studio
let runId: number
const jobs: CacheJob[] = []

beforeAll(async () => {
  await initBackend('cpu')
  root = mkdtempSync(join(tmpdir(), 'studio-latent-'))
  studio = new Studio({
    dataDir: join(root, 'data'),
    mode: 'browser',
    probeBackends: async () => ({ backend: 'cpu', device: 'test', unavailable: [], versions: {} }),
    runLatentCacheJob: (job) => {
      jobs.push(job)
      return runCacheJobInWorker(job)
    },
  })
  await writeDemoFaces(join(root, 'faces'), { count: 32, seed: 5 })
  const { datasetId } = await studio.datasets.runImport({
    sourcePath: join(root, 'faces'),
    sourceLabel: 'faces',
    name: 'Faces',
    sizes: [32],
  })
  const run = studio.runs.create({ datasetId: datasetId!, preset: 'quick', epochs: 2, seed: 21 })
  runId = (await studio.runs.whenDone(run.id)).id
}, 180_000)
afterAll(() => {
  studio.close()
  rmSync(root, { recursive: true, force: true })
})

const dispatch = () => createDispatcher(studio.handlers(), () => undefined)
async function call(channel: string, args: unknown) {
  return dispatch()(channel, args, { transport: 'browser' })
}
async function value<T>(channel: string, args: unknown): Promise<T> {
  const reply = await call(channel, args)
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`)
  return reply.value as T
}

function loadServedModel(model: LatentModel) {
  const json = JSON.parse(readFileSync(studio.media.resolve(model.modelMediaId)!.path, 'utf8')) as io.ModelJSON
  const weights = readFileSync(studio.media.resolve(model.weightsMediaId)!.path)
  return loadLayersModel(
    io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  )
}

describe('latent studio channels', () => {
  it("serves the checkpoint's generator, which draws the run's epoch gallery from the run's seed", async () => {
    const [first, second] = await Promise.all([
      value<LatentModel>('latent.model', { runId }),
      value<LatentModel>('latent.model', { runId }),
    ])
    expect(jobs.filter((job) => job.kind === 'model')).toHaveLength(1)
    expect(second).toEqual(first)
    expect(first).toMatchObject({
      runId,
      arch: 'compact',
      zDim: 32,
      imageSize: 32,
      channels: 3,
      seed: 21,
      checkpoint: { epoch: 2, step: 4 },
    })

    const model = await loadServedModel(first)
    const cells = 8
    const output = tf.tidy(() => {
      const images = model.predict(
        tf.tensor2d(seededLatents(first.seed, cells, first.zDim), [cells, first.zDim]),
      ) as tf.Tensor
      return tf.cast(tf.clipByValue(tf.mul(tf.add(images, 1), 127.5), 0, 255), 'int32')
    })
    const generated = await output.data()
    output.dispose()
    model.dispose()
    const samples = (await value<{ epoch: number; cells: string[] }[]>('runs.samples', { runId })).find(
      (sample) => sample.epoch === 2,
    )!
    const perImage = 32 * 32 * 3
    let worst = 0
    for (let cell = 0; cell < cells; cell++) {
      const png = await sharp(studio.media.resolve(samples.cells[cell]!)!.path).raw().toBuffer()
      for (let index = 0; index < perImage; index++)
        worst = Math.max(worst, Math.abs(png[index]! - generated[cell * perImage + index]!))
    }
    // the gallery was rendered by the training worker's backend, this on cpu: at most a rounding step apart
    expect(worst).toBeLessThanOrEqual(1)
  })

  it("serves G's own weights when asked for raw G: another model, whose faces differ from the EMA's", async () => {
    const ema = await value<LatentModel>('latent.model', { runId })
    const raw = await value<LatentModel>('latent.model', { runId, raw: true })
    expect(raw).toMatchObject({ raw: true, checkpoint: ema.checkpoint, zDim: ema.zDim })
    expect(ema.raw).toBe(false)
    expect(raw.modelMediaId).not.toBe(ema.modelMediaId)
    expect(jobs.filter((job) => job.kind === 'model').map((job) => job.raw)).toEqual([false, true])
    const faces = async (served: LatentModel) => {
      const model = await loadServedModel(served)
      const output = tf.tidy(
        () => model.predict(tf.tensor2d(seededLatents(served.seed, 4, served.zDim), [4, served.zDim])) as tf.Tensor,
      )
      const pixels = Float32Array.from(await output.data())
      output.dispose()
      model.dispose()
      return pixels
    }
    const [emaFaces, rawFaces] = [await faces(ema), await faces(raw)]
    const meanDifference =
      emaFaces.reduce((sum, pixel, index) => sum + Math.abs(pixel - rawFaces[index]!), 0) / emaFaces.length
    // 4 steps at 2e-4 move G little and its EMA stays near it; the same weights would give exactly the same faces
    expect(meanDifference).toBeGreaterThan(1e-6)
  })

  it('serves an earlier checkpoint when asked, and refuses a checkpoint or run that does not exist', async () => {
    const checkpoints = studio.runs.queries.checkpoints(runId)
    const earliest = await value<LatentModel>('latent.model', { runId, checkpointId: checkpoints[0]!.id })
    expect(earliest.checkpoint).toMatchObject({ id: checkpoints[0]!.id, epoch: 1 })
    expect(await call('latent.model', { runId, checkpointId: 99_999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/no checkpoint 99999/) },
    })
    expect(await call('latent.model', { runId: 99_999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await call('latent.directions', { runId, count: 0 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    })
  })

  it('gives orthonormal principal directions, computed once per checkpoint', async () => {
    const five = await value<{
      directions: { vector: number[]; explainedVariance: number; sigma: number }[]
      samples: number
    }>('latent.directions', { runId, count: 5 })
    const three = await value<{ directions: { vector: number[] }[] }>('latent.directions', { runId, count: 3 })
    expect(jobs.filter((job) => job.kind === 'directions')).toHaveLength(1)
    expect(five.samples).toBe(2000)
    expect(five.directions).toHaveLength(5)
    expect(three.directions).toEqual(five.directions.slice(0, 3))
    for (const [i, a] of five.directions.entries()) {
      expect(a.vector).toHaveLength(32)
      for (const [j, b] of five.directions.entries()) {
        expect(a.vector.reduce((sum, x, k) => sum + x * b.vector[k]!, 0)).toBeCloseTo(i === j ? 1 : 0, 4)
      }
    }
    const shares = five.directions.map((direction) => direction.explainedVariance)
    expect([...shares].sort((a, b) => b - a)).toEqual(shares)
  })

  it('pins, lists, renames and deletes faces, announcing each change', async () => {
    const events: [EventChannel, unknown][] = []
    const unsubscribe = studio.hub.subscribe(
      (channel, payload) => channel === 'faces.changed' && events.push([channel, payload]),
    )
    const latent = Array.from(seededLatents(21, 1, 32))
    const wrong = await call('faces.pin', { runId, name: 'Short', latent: latent.slice(0, 10) })
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/has 10 values, but run \d+'s generator takes 32/) },
    })
    expect(await call('faces.pin', { runId, name: '  ', latent })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    })

    const pinned = await value<{ id: number; checkpointId: number; latent: number[] }>('faces.pin', {
      runId,
      name: ' First face ',
      latent,
    })
    expect(pinned).toMatchObject({
      runId,
      name: 'First face',
      checkpointId: studio.runs.queries.checkpoints(runId).at(-1)!.id,
    })
    expect(pinned.latent).toEqual(Array.from(Float32Array.from(latent)))
    await value('faces.rename', { faceId: pinned.id, name: 'Renamed' })
    expect(await value('faces.list', { runId })).toMatchObject([{ id: pinned.id, name: 'Renamed' }])
    await value('faces.delete', { faceId: pinned.id })
    expect(await value('faces.list', { runId })).toEqual([])
    expect(await call('faces.delete', { faceId: pinned.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(events).toEqual([
      ['faces.changed', { runId }],
      ['faces.changed', { runId }],
      ['faces.changed', { runId }],
    ])
    unsubscribe()
  })

  it('serves the wasm runtime the renderer generates with', () => {
    const { wasmSimd } = studio.latent.runtime()
    const file = studio.media.resolve(wasmSimd)!
    expect(file.contentType).toBe('application/wasm')
    expect(readFileSync(file.path).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]))
    expect(studio.media.resolve('tfjswasm-4')).toBeUndefined()
  })

  it("drops a deleted run's cache", async () => {
    const checkpointId = studio.runs.queries.checkpoints(runId).at(-1)!.id
    const folder = join(studio.dirs.cache, 'latent', `checkpoint-${checkpointId}`)
    expect(existsSync(folder)).toBe(true)
    studio.runs.delete(runId)
    expect(existsSync(folder)).toBe(false)
    expect(studio.media.resolve(`latentmodel-${checkpointId}`)).toBeUndefined()
  })
})
