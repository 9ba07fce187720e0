/**
 * Makes the files of an export inside its staging folder: generates images from the checkpoint's
 * generator (the same arithmetic as the trainer's previews), encodes them (PNGs with metadata, a zip,
 * a sprite sheet, a GIF, or the TF.js model with its offline page) and writes a manifest.
 */
import { createRequire } from 'node:module'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { zipSync } from 'fflate'
import packageJson from '../../../package.json'
import { StudioError } from '../../../src-shared/contract/errors'
import { readCheckpoint } from '../../engine/checkpoint'
import {
  generatorModelFiles,
  generatorNetwork,
  generatorWeightsOf,
  MODEL_JSON_FILE,
  MODEL_WEIGHTS_FILE,
  writeGeneratorModel,
} from '../../engine/export-generator'
import { generateImages } from '../../engine/models'
import type { GeneratorWeights } from '../../engine/export-generator'
import { disposeNetwork } from '../../engine/models'
import {
  DEFAULT_FRAMES_PER_SEGMENT,
  DEFAULT_INTERPOLATION_FPS,
  DEFAULT_PROGRESS_FPS,
} from '../../../src-shared/contract/exports'
import {
  gifKeyframeCount,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  SYNTHETIC_NOTICE,
  type ExportJob,
  type ExportPhase,
  type Produced,
  type ProduceOptions,
} from './export-job'
import { pathFrames, seededLatents, splitLatents, truncate } from '../../../src-shared/latent-math'
import { encodeGif } from './gif'
import { gridImage, upscale } from './image-grid'
import { labelBand } from './frame-label'
import { encodePng } from './png-text'
import { MODEL_PAGE_FILES, modelDataScript, modelPageHtml } from './model-page'
import { exists, sanitizeName } from './safe-names'

const DIGITAL_SOURCE_TYPE = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia'
/** GIF frames are upscaled (nearest neighbour) to about this width: 32 px faces are tiny otherwise. */
const GIF_TARGET_PX = 256
const MAX_PROGRESS_FRAMES = 150
const PROGRESS_CELLS = 16
const PROGRESS_GIF_PX = 512
const GENERATE_CHUNK = 16

type Progress = (phase: ExportPhase, done: number, total: number) => void

/** One latent of an export: a pinned face (by name) or latent `seedIndex` of the seed's stream. */
interface ExportLatent {
  latent: Float32Array
  source: { pinned: string } | { seedIndex: number }
}

/** Produces the export in `staging`; progress callbacks double as cancellation points. */
export async function produceExport(job: ExportJob, staging: string, options: ProduceOptions = {}): Promise<Produced> {
  const progress: Progress = (phase, done, total) => {
    if (options.signal?.aborted) throw new StudioError('CANCELLED', 'Export cancelled; nothing was kept.')
    options.onProgress?.({ phase, done, total })
  }
  if (job.kind === 'gif' && job.gif?.animation === 'progress') return progressGif(job, staging, progress)
  if (!job.checkpoint) throw new StudioError('NOT_FOUND', `Run ${job.run.id} has no checkpoint to export from yet.`)
  progress('loading', 0, 1)
  const weights = await generatorWeightsOf(await readCheckpoint(job.checkpoint.folder), { raw: job.raw })
  progress('loading', 1, 1)
  const context: KindContext = { job, checkpoint: job.checkpoint, staging, weights, progress, base: baseName(job) }
  switch (job.kind) {
    case 'images':
    case 'zip':
      return images(context)
    case 'sprite':
      return sprite(context)
    case 'gif':
      return interpolationGif(context)
    case 'model':
      return model(context)
  }
}

interface KindContext {
  job: ExportJob
  checkpoint: NonNullable<ExportJob['checkpoint']>
  staging: string
  weights: GeneratorWeights
  progress: Progress
  /** the export's name stem: run, step and seed */
  base: string
}

function baseName(job: ExportJob): string {
  const what = job.checkpoint ? `step ${job.checkpoint.step}` : 'training'
  return sanitizeName(`${job.run.name} ${what} seed ${job.seed}`, { fallback: `run ${job.run.id}` })
}

/** The pinned latents (checked against the generator), then `seeded` latents from the seed, truncated. */
function exportLatents(job: ExportJob, seeded: number, zDim: number): ExportLatent[] {
  const pinned = (job.pinned ?? []).map(({ name, latent }): ExportLatent => {
    if (latent.length !== zDim)
      throw new StudioError(
        'VALIDATION',
        `The pinned face "${name}" has ${latent.length} latent values, but this generator takes ${zDim}.`,
      )
    if (!latent.every(Number.isFinite))
      throw new StudioError('VALIDATION', `The pinned face "${name}" has a latent value that is not a finite number.`)
    return { latent: Float32Array.from(latent), source: { pinned: name } }
  })
  const raw = seededLatents(job.seed, seeded, zDim)
  const z = job.truncation < 1 ? truncate(raw, job.truncation, zDim) : raw
  return [
    ...pinned,
    ...splitLatents(z, zDim).map((latent, seedIndex): ExportLatent => ({ latent, source: { seedIndex } })),
  ]
}

function packLatents(latents: readonly ExportLatent[], zDim: number): Float32Array {
  const out = new Float32Array(latents.length * zDim)
  latents.forEach((entry, index) => out.set(entry.latent, index * zDim))
  return out
}

function manifestLatent(entry: ExportLatent) {
  return {
    ...('pinned' in entry.source ? { pinnedFace: entry.source.pinned } : { seedIndex: entry.source.seedIndex }),
    latent: Array.from(entry.latent),
  }
}

async function generate(context: KindContext, latents: Float32Array): Promise<Uint8Array> {
  const net = generatorNetwork(context.weights)
  try {
    return await generateImages(net, latents, {
      chunk: GENERATE_CHUNK,
      onChunk: (done, total) => context.progress('generating', done, total),
    })
  } finally {
    disposeNetwork(net)
  }
}

function pngText(job: ExportJob, extra: Record<string, string>): Record<string, string> {
  return {
    Title: `${job.run.name}: synthetic image`,
    Description: SYNTHETIC_NOTICE,
    Software: `DCGAN Studio ${packageJson.version}`,
    Source: 'DCGAN generator (synthetic)',
    DigitalSourceType: DIGITAL_SOURCE_TYPE,
    'dcgan-studio:synthetic': 'true',
    'dcgan-studio:run-id': String(job.run.id),
    'dcgan-studio:run-name': job.run.name,
    ...(job.checkpoint && {
      'dcgan-studio:checkpoint-id': String(job.checkpoint.id),
      'dcgan-studio:checkpoint-step': String(job.checkpoint.step),
    }),
    'dcgan-studio:seed': String(job.seed),
    'dcgan-studio:truncation': String(job.truncation),
    ...extra,
  }
}

function latentText(entry: ExportLatent): Record<string, string> {
  return {
    ...('pinned' in entry.source
      ? { 'dcgan-studio:pinned-face': entry.source.pinned }
      : { 'dcgan-studio:seed-index': String(entry.source.seedIndex) }),
    'dcgan-studio:latent': JSON.stringify(Array.from(entry.latent)),
  }
}

function manifestBase(job: ExportJob, weights: GeneratorWeights | null) {
  return {
    format: MANIFEST_FORMAT,
    version: 1,
    kind: job.kind,
    synthetic: true,
    notice: SYNTHETIC_NOTICE,
    createdAt: new Date().toISOString(),
    generator: `DCGAN Studio ${packageJson.version}`,
    run: job.run,
    checkpoint: job.checkpoint && {
      id: job.checkpoint.id,
      step: job.checkpoint.step,
      epoch: job.checkpoint.epoch,
      swd: job.checkpoint.swd,
    },
    seed: job.seed,
    truncation: job.truncation,
    /** which weights drew the images: G's moving average (what previews show) or G itself */
    generatorWeights: job.raw ? 'raw G' : 'EMA',
    latents:
      'Seeded latents: N(0, I) from the studio RNG (src-shared/rng.ts) with seed `seed`, stream 1 (the run preview stream), latent `seedIndex`, then scaled by `truncation`. Pinned faces: their saved latent, as is.',
    ...(weights && { model: weights.config }),
  }
}

const json = (value: unknown) => JSON.stringify(value, null, 2)

async function writeNew(file: string, data: Uint8Array | string): Promise<void> {
  await fsp.writeFile(file, data, { flag: 'wx' })
}

async function images(context: KindContext): Promise<Produced> {
  const { job, weights, staging, progress } = context
  const { imageSize: size, channels, zDim } = weights.config
  const latents = exportLatents(job, job.count, zDim)
  const pixels = await generate(context, packLatents(latents, zDim))
  const perImage = size * size * channels
  const digits = Math.max(4, String(latents.length).length)
  const pad = (n: number) => String(n).padStart(digits, '0')
  const files = new Map<string, Uint8Array>()
  const entries: ({ file: string; index: number } & ReturnType<typeof manifestLatent>)[] = []
  for (const [index, entry] of latents.entries()) {
    const file =
      'pinned' in entry.source
        ? `pinned-${pad(index + 1)} ${sanitizeName(entry.source.pinned, { fallback: 'face' })}.png`
        : `sample-${pad(entry.source.seedIndex + 1)}.png`
    files.set(
      file,
      encodePng(
        pixels.subarray(index * perImage, (index + 1) * perImage),
        size,
        size,
        channels,
        pngText(job, latentText(entry)),
      ),
    )
    entries.push({ file, index, ...manifestLatent(entry) })
    progress('encoding', index + 1, latents.length)
  }
  const manifest = new TextEncoder().encode(json({ ...manifestBase(job, weights), images: entries }))
  if (job.kind === 'zip') {
    // PNGs are compressed already: store them; deflate only the manifest
    const zip = zipSync({
      ...Object.fromEntries([...files].map(([name, data]) => [name, [data, { level: 0 }] as const])),
      [MANIFEST_FILE]: manifest,
    })
    const file = path.join(staging, 'export.zip')
    await writeNew(file, zip)
    return { entry: file, name: `${context.base}.zip` }
  }
  const folder = path.join(staging, 'images')
  await fsp.mkdir(folder)
  for (const [name, data] of files) await writeNew(path.join(folder, name), data)
  await writeNew(path.join(folder, MANIFEST_FILE), manifest)
  return { entry: folder, name: context.base }
}

async function sprite(context: KindContext): Promise<Produced> {
  const { job, weights, staging, progress } = context
  const { imageSize: size, channels, zDim } = weights.config
  const latents = exportLatents(job, job.count, zDim)
  const pixels = await generate(context, packLatents(latents, zDim))
  const columns = Math.ceil(Math.sqrt(latents.length))
  const sheet = gridImage(pixels, latents.length, size, channels, columns)
  progress('encoding', 0, 1)
  const png = encodePng(
    sheet.pixels,
    sheet.width,
    sheet.height,
    channels,
    pngText(job, { 'dcgan-studio:cells': String(latents.length) }),
  )
  const cells = latents.map((entry, index) => ({
    index,
    x: (index % columns) * size,
    y: Math.floor(index / columns) * size,
    width: size,
    height: size,
    ...manifestLatent(entry),
  }))
  const folder = path.join(staging, 'sprite')
  await fsp.mkdir(folder)
  await writeNew(path.join(folder, 'sprite.png'), png)
  await writeNew(
    path.join(folder, MANIFEST_FILE),
    json({
      ...manifestBase(job, weights),
      sheet: {
        file: 'sprite.png',
        width: sheet.width,
        height: sheet.height,
        columns,
        rows: sheet.rows,
        cellSize: size,
      },
      cells,
    }),
  )
  progress('encoding', 1, 1)
  return { entry: folder, name: `${context.base} sprite` }
}

async function interpolationGif(context: KindContext): Promise<Produced> {
  const { job, weights, staging, progress, checkpoint } = context
  const { imageSize: size, channels, zDim } = weights.config
  const gif = job.gif ?? { animation: 'interpolation' as const }
  const keyframes = exportLatents(job, gifKeyframeCount(job).seeded, zDim)
  const { latents, count } = pathFrames({
    keyframes: keyframes.map((entry) => entry.latent),
    loop: true,
    segments: {
      interpolation: gif.interpolation ?? 'slerp',
      ease: gif.ease ?? 'ease-in-out-cubic',
      frames: gif.framesPerSegment ?? DEFAULT_FRAMES_PER_SEGMENT,
    },
  })
  const pixels = await generate(context, latents)
  const factor = Math.max(1, Math.floor(GIF_TARGET_PX / size))
  const perImage = size * size * channels
  const bytes = encodeGif(
    count,
    (frame) => upscale(pixels.subarray(frame * perImage, (frame + 1) * perImage), size, size, channels, factor),
    size * factor,
    size * factor,
    channels,
    {
      delayMs: 1000 / (gif.fps ?? DEFAULT_INTERPOLATION_FPS),
      comment: `${SYNTHETIC_NOTICE} Run ${job.run.id}, checkpoint ${checkpoint.id} (step ${checkpoint.step}), seed ${job.seed}, ${keyframes.length} keyframes.`,
      onFrame: (done, total) => progress('encoding', done, total),
    },
  )
  const file = path.join(staging, 'animation.gif')
  await writeNew(file, bytes)
  return { entry: file, name: `${context.base} loop.gif` }
}

async function model(context: KindContext): Promise<Produced> {
  const { job, weights, staging, progress, checkpoint } = context
  progress('encoding', 0, 3)
  const meta = manifestBase(job, weights)
  const files = await generatorModelFiles(weights, meta)
  const folder = path.join(staging, 'model')
  await fsp.mkdir(folder)
  await writeGeneratorModel(folder, files)
  progress('encoding', 1, 3)
  await writeNew(path.join(folder, MODEL_PAGE_FILES.data), modelDataScript(files, meta))
  await fsp.copyFile(tfjsBrowserBundle(), path.join(folder, MODEL_PAGE_FILES.tfjs))
  progress('encoding', 2, 3)
  const { zDim, imageSize } = weights.config
  await writeNew(
    path.join(folder, MODEL_PAGE_FILES.html),
    modelPageHtml({
      title: `${job.run.name} (step ${checkpoint.step})`,
      notice: SYNTHETIC_NOTICE,
      zDim,
      imageSize,
      seed: job.seed,
      truncation: job.truncation,
    }),
  )
  await writeNew(
    path.join(folder, MANIFEST_FILE),
    json({ ...meta, files: [MODEL_JSON_FILE, MODEL_WEIGHTS_FILE, ...Object.values(MODEL_PAGE_FILES)] }),
  )
  progress('encoding', 3, 3)
  return { entry: folder, name: `${context.base} model` }
}

const requireHere = createRequire(import.meta.url)

/** node_modules/@tensorflow/tfjs/dist/tf.min.js: the browser bundle, copied next to index.html. */
function tfjsBrowserBundle(): string {
  return path.join(path.dirname(requireHere.resolve('@tensorflow/tfjs/package.json')), 'dist', 'tf.min.js')
}

/** Training-progress GIF: one frame per stored epoch (at most 150), the first 16 preview cells as a grid. */
async function progressGif(job: ExportJob, staging: string, progress: Progress): Promise<Produced> {
  const stored = (job.samples ?? []).filter((epoch) => epoch.files.length > 0)
  if (stored.length === 0)
    throw new StudioError('NOT_FOUND', `Run ${job.run.id} has no stored samples yet: train at least one epoch.`)
  const epochs =
    stored.length <= MAX_PROGRESS_FRAMES
      ? stored
      : Array.from(
          { length: MAX_PROGRESS_FRAMES },
          (_, index) => stored[Math.round((index * (stored.length - 1)) / (MAX_PROGRESS_FRAMES - 1))]!,
        )
  const cellsPerFrame = Math.min(PROGRESS_CELLS, ...epochs.map((epoch) => epoch.files.length))
  const columns = Math.ceil(Math.sqrt(cellsPerFrame))
  let size = 0
  let channels: 1 | 3 = 3
  const grids: { pixels: Uint8Array; width: number; height: number }[] = []
  for (const [index, epoch] of epochs.entries()) {
    const cells: Uint8Array[] = []
    for (const file of epoch.files.slice(0, cellsPerFrame)) {
      if (!(await exists(file)))
        throw new StudioError(
          'NOT_FOUND',
          `A sample of epoch ${epoch.epoch} is missing from disk (${path.basename(file)}).`,
        )
      const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true })
      if (size === 0) {
        size = info.width
        channels = info.channels === 1 ? 1 : 3
      }
      if (info.width !== size || info.height !== size || info.channels !== channels)
        throw new StudioError('VALIDATION', `The samples of epoch ${epoch.epoch} differ in size.`)
      cells.push(data)
    }
    const grid = gridImage(Buffer.concat(cells), cells.length, size, channels, columns, 2, 16)
    const caption = labelBand(
      `Epoch ${epoch.epoch}`,
      grid.width,
      channels,
      Math.max(1, Math.round(grid.width / 128)),
      16,
    )
    grids.push({
      pixels: Buffer.concat([grid.pixels, caption.pixels]),
      width: grid.width,
      height: grid.height + caption.height,
    })
    progress('generating', index + 1, epochs.length)
  }
  const { width, height } = grids[0]!
  // nearest to PROGRESS_GIF_PX wide: 16 cells of 32 px (134 px) become 536 px, not 134
  const factor = Math.max(1, Math.round(PROGRESS_GIF_PX / width))
  const fps = job.gif?.fps ?? DEFAULT_PROGRESS_FPS
  const bytes = encodeGif(
    grids.length,
    (frame) => upscale(grids[frame]!.pixels, width, height, channels, factor),
    width * factor,
    height * factor,
    channels,
    {
      // the last frame (the latest epoch) stays up a while before the loop starts again
      delayMs: (frame) => (frame === grids.length - 1 ? 2000 : 1000 / fps),
      comment: `${SYNTHETIC_NOTICE} Training progress of run ${job.run.id}, epochs ${epochs[0]!.epoch}-${epochs.at(-1)!.epoch}.`,
      onFrame: (done, total) => progress('encoding', done, total),
    },
  )
  const file = path.join(staging, 'progress.gif')
  await writeNew(file, bytes)
  return {
    entry: file,
    name: sanitizeName(`${job.run.name} training`, { fallback: `run ${job.run.id}`, extension: '.gif' }),
  }
}
