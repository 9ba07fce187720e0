import { mkdirSync, mkdtempSync, promises as fsp, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher, type Dispatch } from '../../bridge/dispatcher'
import type { ExportFinished, ExportProgressEvent } from '../../../src-shared/contract/exports'
import * as tf from '../../engine/tf'
import { loadGeneratorModel } from '../../engine/export-generator'
import { maxAbsDiff } from '../../engine/test-helpers'
import { MANIFEST_FILE, SYNTHETIC_NOTICE } from './export-job'
import { ExportService } from './export-service'
import { seededLatents } from '../../../src-shared/latent-math'
import { parseGif } from './gif'
import { pngChunks, readPngText } from './png-text'
import { produceExport } from './produce-export'
import { exportDiskFullMessage, STAGING_PREFIX } from './run-export'
import { refusingFolder, releaseRefusingFolders, studioWithTrainedRun, type TrainedStudio } from './test-studio'

let root: string
let trained: TrainedStudio
let dispatch: Dispatch

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'studio-exports-'))
  trained = await studioWithTrainedRun(root)
  dispatch = createDispatcher(trained.studio.handlers())
}, 180_000)
afterAll(() => {
  trained?.studio.close()
  releaseRefusingFolders()
  rmSync(root, { recursive: true, force: true })
})

let folders = 0
function freshFolder(): string {
  const folder = join(root, `out-${++folders}`)
  mkdirSync(folder)
  return folder
}

const call = async (channel: string, args: unknown) => {
  const reply = await dispatch(channel, args, { transport: 'browser' })
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`)
  return reply.value
}

/** Starts an export through the contract, as the UI does (a granted folder), and waits for its outcome. */
async function exportThroughContract(
  args: Record<string, unknown>,
  destination: string,
  onProgress?: (progress: ExportProgressEvent) => void,
): Promise<ExportFinished> {
  const { grantId } = (await call('folders.grantPath', { path: destination })) as { grantId: string }
  let exportId = ''
  const finished = new Promise<ExportFinished>((resolve) => {
    const unsubscribe = trained.studio.hub.subscribe((channel, payload) => {
      if (channel === 'exports.progress' && (payload as ExportProgressEvent).exportId === exportId)
        onProgress?.(payload as ExportProgressEvent)
      if (channel === 'exports.finished' && (payload as ExportFinished).exportId === exportId) {
        unsubscribe()
        resolve(payload as ExportFinished)
      }
    })
  })
  ;({ exportId } = (await call('exports.start', { runId: trained.runId, grantId, ...args })) as { exportId: string })
  return finished
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const rawPixels = async (png: Uint8Array | string) => new Uint8Array((await sharp(png).raw().toBuffer()).buffer)

interface ImageEntry {
  file: string
  index: number
  seedIndex?: number
  pinnedFace?: string
  latent: number[]
}

describe('exports of a trained run', () => {
  it("a zip's manifest matches its files; every PNG says it is synthetic and from which run, checkpoint and seed, and is the run's preview for that latent", async () => {
    const destination = freshFolder()
    const finished = await exportThroughContract({ kind: 'zip', count: 8 }, destination)
    expect(finished).toMatchObject({ outcome: 'exported', runId: trained.runId, kind: 'zip' })
    expect(readdirSync(destination)).toEqual([finished.output])
    expect(finished.output).toBe(`Tiny faces step 64 seed ${trained.seed}.zip`)

    const zip = unzipSync(await fsp.readFile(join(destination, finished.output!)))
    const manifest = JSON.parse(new TextDecoder().decode(zip[MANIFEST_FILE])) as {
      synthetic: boolean
      notice: string
      run: { id: number; name: string; hyperparameters: Record<string, unknown> }
      checkpoint: { id: number; epoch: number; step: number; swd: number | null }
      seed: number
      images: ImageEntry[]
    }
    const checkpoint = trained.studio.exports.queries.latestCheckpoint(trained.runId)!
    expect(manifest).toMatchObject({
      synthetic: true,
      notice: SYNTHETIC_NOTICE,
      run: { id: trained.runId, name: 'Tiny faces', segments: [] },
      seed: trained.seed,
    })
    // every hyperparameter it trained with, D's learning rate too
    expect(manifest.run.hyperparameters).toEqual(trained.studio.runs.get(trained.runId).hyperparameters)
    expect(manifest.run.hyperparameters).toMatchObject({ learningRate: 2e-4, dLearningRate: 2e-4 })
    // the last epoch is always scored: its SWD goes with the checkpoint
    const lastScored = trained.studio.runs.quality(trained.runId).at(-1)!
    expect(lastScored).toMatchObject({ epoch: 8, step: 64 })
    expect(manifest.checkpoint).toEqual({ id: checkpoint.id, epoch: 8, step: 64, swd: lastScored.swd })
    const pngs = Object.keys(zip).filter((name) => name !== MANIFEST_FILE)
    expect(manifest.images.map((image) => image.file).sort()).toEqual(pngs.sort())
    expect(pngs).toHaveLength(8)

    const previews = trained.studio.exports.queries
      .sampleFiles(trained.runId)
      .find((epoch) => epoch.epoch === checkpoint.epoch)!.files
    const latents = seededLatents(trained.seed, 8, 32)
    // different latents must make different faces, or matching the previews below would prove nothing
    expect(
      maxAbsDiff(await rawPixels(zip['sample-0001.png']!), await rawPixels(zip['sample-0002.png']!)),
    ).toBeGreaterThan(8)
    for (const image of manifest.images) {
      expect(image.latent).toEqual(Array.from(latents.subarray(image.seedIndex! * 32, (image.seedIndex! + 1) * 32)))
      expect(pngChunks(zip[image.file]!).every((chunk) => chunk.crcOk)).toBe(true)
      const text = readPngText(zip[image.file]!)
      expect(text).toMatchObject({
        'dcgan-studio:synthetic': 'true',
        'dcgan-studio:run-id': String(trained.runId),
        'dcgan-studio:checkpoint-id': String(checkpoint.id),
        'dcgan-studio:seed': String(trained.seed),
        'dcgan-studio:seed-index': String(image.seedIndex),
        Description: SYNTHETIC_NOTICE,
      })
      expect(JSON.parse(text['dcgan-studio:latent']!)).toEqual(image.latent)
      // the run's own preview of the same latent at the same step
      expect(
        maxAbsDiff(await rawPixels(zip[image.file]!), await rawPixels(previews[image.seedIndex!]!)),
      ).toBeLessThanOrEqual(1)
    }
  })

  it('an images export into a folder never overwrites: the same export again gets a new name, the first stays as it was', async () => {
    const destination = freshFolder()
    const first = await exportThroughContract({ kind: 'images', count: 3, seed: 42 }, destination)
    expect(first.output).toBe('Tiny faces step 64 seed 42')
    expect(first.files).toEqual([
      `${first.output}/${MANIFEST_FILE}`,
      `${first.output}/sample-0001.png`,
      `${first.output}/sample-0002.png`,
      `${first.output}/sample-0003.png`,
    ])
    const before = await fsp.readFile(join(destination, first.output!, MANIFEST_FILE))
    writeFileSync(join(destination, 'Tiny faces step 64 seed 42 (2)'), 'a file in the way')

    const second = await exportThroughContract({ kind: 'images', count: 3, seed: 42 }, destination)
    expect(second.output).toBe('Tiny faces step 64 seed 42 (3)')
    expect(await fsp.readFile(join(destination, first.output!, MANIFEST_FILE))).toEqual(before)
    expect(await fsp.readFile(join(destination, 'Tiny faces step 64 seed 42 (2)'), 'utf8')).toBe('a file in the way')
    expect(readdirSync(join(destination, second.output!)).sort()).toEqual([
      MANIFEST_FILE,
      'sample-0001.png',
      'sample-0002.png',
      'sample-0003.png',
    ])
    expect(readdirSync(destination).filter((name) => name.startsWith(STAGING_PREFIX))).toEqual([])
  })

  it("exports G's own weights when asked for raw G: other images than the EMA's, and the manifest says which", async () => {
    const destination = freshFolder()
    const ema = await exportThroughContract({ kind: 'images', count: 2, seed: 5 }, destination)
    const raw = await exportThroughContract({ kind: 'images', count: 2, seed: 5, raw: true }, destination)
    const manifest = async (done: ExportFinished) =>
      JSON.parse(await fsp.readFile(join(destination, done.output!, MANIFEST_FILE), 'utf8')) as {
        generatorWeights: string
      }
    expect((await manifest(ema)).generatorWeights).toBe('EMA')
    expect((await manifest(raw)).generatorWeights).toBe('raw G')
    const pixels = async (done: ExportFinished) => rawPixels(join(destination, done.output!, 'sample-0001.png'))
    expect(await pixels(raw)).not.toEqual(await pixels(ema))
    expect(() =>
      trained.studio.exports.prepare({
        runId: trained.runId,
        kind: 'gif',
        animation: 'progress',
        raw: true,
        destination,
      }),
    ).toThrow(/raw G does not apply/)
  })

  it('cancelling while it encodes stops the worker and leaves nothing behind', async () => {
    const destination = freshFolder()
    let cancelled: Promise<unknown> | null = null
    const finished = await exportThroughContract({ kind: 'zip', count: 1024 }, destination, (progress) => {
      if (progress.phase === 'encoding' && !cancelled)
        cancelled = call('exports.cancel', { exportId: progress.exportId })
    })
    expect(await cancelled).toEqual({ cancelled: true })
    expect(finished).toMatchObject({
      outcome: 'cancelled',
      output: null,
      files: [],
      message: 'Export cancelled; nothing was kept.',
    })
    expect(readdirSync(destination)).toEqual([])
  })

  it('a read-only destination fails with a clear message and writes nothing', async (context) => {
    const destination = refusingFolder(join(root, 'read-only'))
    if (!destination) return context.skip('running as root without the right to mount a read-only folder')
    const finished = await exportThroughContract({ kind: 'images', count: 2 }, destination)
    expect(finished.outcome).toBe('failed')
    expect(finished.message).toMatch(
      new RegExp(
        `^Export failed: Cannot write to ${escapeRegExp(destination)}: (permission denied|the disk is read-only)\\. Choose`,
      ),
    )
    expect(readdirSync(destination)).toEqual([])
  })

  it('a destination whose disk fills up fails with a clear message and keeps nothing', async (context) => {
    const destination = refusingFolder(join(root, 'tiny-disk'), { sizeKb: 48 })
    if (!destination) return context.skip('a small disk can only be mounted by root')
    const job = trained.studio.exports.prepare({ runId: trained.runId, kind: 'images', count: 64, destination })
    await expect(trained.studio.exports.run(job)).rejects.toThrow(exportDiskFullMessage(destination))
    expect(readdirSync(destination)).toEqual([])
  })

  it('an interpolation GIF has keyframes × frames per segment frames and says it is synthetic; a progress GIF has a frame per stored epoch', async () => {
    const destination = freshFolder()
    const loop = await exportThroughContract({ kind: 'gif', count: 3, framesPerSegment: 4, fps: 10 }, destination)
    expect(loop.output).toBe(`Tiny faces step 64 seed ${trained.seed} loop.gif`)
    const gif = parseGif(await fsp.readFile(join(destination, loop.output!)))
    expect(gif).toMatchObject({ width: 256, height: 256, frames: 12, loops: true })
    expect(gif.comments[0]).toContain(SYNTHETIC_NOTICE)

    const progress = await exportThroughContract({ kind: 'gif', animation: 'progress' }, destination)
    expect(progress.output).toBe('Tiny faces training.gif')
    const progressGif = parseGif(await fsp.readFile(join(destination, progress.output!)))
    expect(progressGif.frames).toBe(9) // epochs 0 to 8
    // upscaled to about 512 px wide (not left at the grid's own 134 px), with an "Epoch N" caption band below
    expect(progressGif.width).toBeGreaterThanOrEqual(400)
    expect(progressGif.height).toBeGreaterThan(progressGif.width)
  })

  it('a model export holds the TF.js model and its offline page, and the model reproduces the exported images', async () => {
    const destination = freshFolder()
    const finished = await exportThroughContract({ kind: 'model', seed: 5 }, destination)
    const folder = join(destination, finished.output!)
    expect(readdirSync(folder).sort()).toEqual([
      'generator.weights.bin',
      'index.html',
      MANIFEST_FILE,
      'model-data.js',
      'model.json',
      'tf.min.js',
    ])
    const images = await exportThroughContract({ kind: 'images', count: 2, seed: 5 }, destination)

    const model = await loadGeneratorModel(folder)
    const output = tf.tidy(() => {
      const y = model.predict(tf.tensor2d(seededLatents(5, 2, 32), [2, 32])) as tf.Tensor
      return tf.cast(tf.clipByValue(tf.mul(tf.add(y, 1), 127.5), 0, 255), 'int32')
    })
    const pixels = await output.data()
    output.dispose()
    model.dispose()
    const perImage = 32 * 32 * 3
    for (const [index, file] of ['sample-0001.png', 'sample-0002.png'].entries()) {
      expect(
        maxAbsDiff(
          pixels.subarray(index * perImage, (index + 1) * perImage),
          await rawPixels(join(destination, images.output!, file)),
        ),
      ).toBeLessThanOrEqual(1)
    }
  })

  it('renders pinned faces first, under their (sanitised) names, with the latents they were saved with', async () => {
    const pinnedLatent = Array.from({ length: 32 }, (_, index) => Math.sin(index))
    const service = new ExportService(trained.studio.runs.queries, trained.studio.hub, {
      produce: produceExport,
      pinned: () => [
        { name: 'Smiling', latent: pinnedLatent },
        { name: '../../escape\u202Egnp', latent: pinnedLatent.map((value) => 1 - value) },
      ],
    })
    const destination = freshFolder()
    const result = await service.run(service.prepare({ runId: trained.runId, kind: 'images', count: 2, destination }))
    expect(readdirSync(result.output).sort()).toEqual([
      MANIFEST_FILE,
      'pinned-0001 Smiling.png',
      'pinned-0002 _._escapegnp.png',
      'sample-0001.png',
      'sample-0002.png',
    ])
    const manifest = JSON.parse(await fsp.readFile(join(result.output, MANIFEST_FILE), 'utf8')) as {
      images: ImageEntry[]
    }
    expect(manifest.images.slice(0, 2).map(({ pinnedFace, latent }) => ({ pinnedFace, latent }))).toEqual([
      { pinnedFace: 'Smiling', latent: Array.from(Float32Array.from(pinnedLatent)) },
      {
        pinnedFace: '../../escape\u202Egnp',
        latent: Array.from(Float32Array.from(pinnedLatent.map((value) => 1 - value))),
      },
    ])
    expect(manifest.images.slice(2).map((image) => image.seedIndex)).toEqual([0, 1])
    expect(
      readPngText(await fsp.readFile(join(result.output, 'pinned-0001 Smiling.png')))['dcgan-studio:pinned-face'],
    ).toBe('Smiling')

    const withoutPinned = service.prepare({
      runId: trained.runId,
      kind: 'images',
      count: 2,
      destination,
      includePinned: false,
    })
    expect(withoutPinned.pinned).toBeUndefined()
    const wrongSize = new ExportService(trained.studio.runs.queries, trained.studio.hub, {
      produce: produceExport,
      pinned: () => [{ name: 'Old', latent: [1, 2, 3] }],
    })
    await expect(
      wrongSize.run(wrongSize.prepare({ runId: trained.runId, kind: 'sprite', destination })),
    ).rejects.toThrow('The pinned face "Old" has 3 latent values, but this generator takes 32.')
  })

  it("the studio's own exports take the faces pinned in the latent studio", () => {
    const latent = Array.from({ length: 32 }, (_, index) => Math.cos(index))
    const face = trained.studio.latent.pin({ runId: trained.runId, name: 'Kept face', latent })
    try {
      const job = trained.studio.exports.prepare({
        runId: trained.runId,
        kind: 'images',
        count: 1,
        destination: freshFolder(),
      })
      expect(job.pinned).toEqual([{ name: 'Kept face', latent: Array.from(Float32Array.from(latent)) }])
    } finally {
      trained.studio.latent.delete(face.id)
    }
  })

  it('refuses what it cannot export, before starting, with specific messages', async () => {
    const destination = freshFolder()
    const { exports } = trained.studio
    expect(() => exports.prepare({ runId: 999, kind: 'zip', destination })).toThrow('There is no run 999.')
    expect(() => exports.prepare({ runId: trained.runId, kind: 'zip', checkpointId: 999, destination })).toThrow(
      /has no checkpoint 999; its checkpoints are \d+ \(epoch 6, step 48\), \d+ \(epoch 7, step 56\), \d+ \(epoch 8, step 64\)\.$/,
    )
    expect(() =>
      exports.prepare({ runId: trained.runId, kind: 'gif', count: 32, framesPerSegment: 60, destination }),
    ).toThrow(/at most 960 frames; 32 keyframes × 60 frames each would be 1920/)
    expect(() => exports.prepare({ runId: trained.runId, kind: 'model', count: 4, destination })).toThrow(
      'A count does not apply to a model export.',
    )
    expect(() => exports.prepare({ runId: trained.runId, kind: 'images', fps: 4, destination })).toThrow(
      /only apply to GIF exports/,
    )
    const untrained = trained.studio.runs.queries.insert({
      name: 'Untrained',
      datasetId: 1,
      preset: 'quick',
      config: {},
      seed: 1,
      epochs: 1,
      notes: '',
      tags: [],
    })
    expect(() => exports.prepare({ runId: untrained, kind: 'images', destination })).toThrow(
      `Run ${untrained} has no checkpoint yet: train at least one epoch first.`,
    )
    const missing = join(root, 'not-there')
    await expect(
      exports.run(exports.prepare({ runId: trained.runId, kind: 'images', count: 1, destination: missing })),
    ).rejects.toThrow(`The export folder ${missing} does not exist (any more).`)
    trained.studio.runs.queries.delete(untrained)
  })
})
