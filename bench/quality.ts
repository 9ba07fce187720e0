/**
 * Quality benchmark (issue 10): the studio's trainer (compact-32 with its defaults: generator EMA, augmentation
 * 'auto') and the PyTorch peer (dcgan_train.py, the seeds' settings) train on the same face folder for the same
 * number of steps, for several seeds; each writes `samples` faces, and the studio's own SWD (src-main/engine/swd.ts)
 * scores both sets against the same real photos (read the same way for both: centre square, resized). The studio's
 * raw G is scored too (EMA vs raw), and an 8 × 8 grid of each side's first seed is written for docs/benchmarks.md.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { initBackend } from '../src-main/engine/backends'
import { preset } from '../src-main/engine/presets'
import { swdAgainst, swdReference } from '../src-main/engine/swd'
import type { ImageSet, SwdReference } from '../src-main/engine/swd'
import { Trainer } from '../src-main/engine/trainer'
import { TrainingPlan } from '../src-main/engine/training-plan'
import { Rng } from '../src-shared/rng'
import { CALTECH_FACES } from './import'
import { runPeerScript } from './peer'
import { loadImageFolder, loadImages } from './swd'

export interface QualityOptions {
  facesDir?: string
  epochs?: number
  batch?: number
  seeds?: number[]
  samples?: number
  /** where the grids are written */
  outputDir?: string
  log?: (line: string) => void
}

export interface QualityRun {
  seed: number
  seconds: number
  swd: number
  /** the studio's raw G (no EMA) */
  swdRaw?: number
  augmentP?: number
}

export interface QualityResult {
  images: number
  epochs: number
  steps: number
  batch: number
  samples: number
  /** half the real photos against the other half: the floor the figure can reach with this many photos */
  realVsReal: number
  studio: QualityRun[]
  peer: QualityRun[]
  grids: { studio: string; peer: string }
}

const SIZE = 32
const GRID = 64

export async function benchQuality(options: QualityOptions = {}): Promise<QualityResult> {
  const { facesDir = CALTECH_FACES, epochs = 25, batch = 64, seeds = [1, 2, 3], samples = 1000, log = () => undefined } = options
  const outputDir = options.outputDir ?? join(process.cwd(), 'docs', 'benchmarks')
  mkdirSync(outputDir, { recursive: true })
  const real = await loadImageFolder(facesDir, SIZE)
  const ref = swdReference(real)
  const half = Math.floor(real.count / 2)
  const realVsReal = swdAgainst(swdReference(subset(real, 0, half)), subset(real, half, 2 * half)).mean
  const steps = Math.floor(real.count / batch) * epochs
  log(`quality: ${real.count} photos, ${epochs} epochs = ${steps} steps at batch ${batch}, ${samples} samples per run; real half vs half SWD ${realVsReal.toFixed(1)}`)
  const grids = { studio: join(outputDir, 'quality-swd-studio.png'), peer: join(outputDir, 'quality-swd-peer.png') }
  const studio: QualityRun[] = []
  const peer: QualityRun[] = []
  await initBackend('auto')
  for (const seed of seeds) {
    const s = await trainStudio(real, ref, { epochs, batch, seed, samples, grid: seed === seeds[0] ? grids.studio : null })
    log(`quality: studio seed ${seed}: SWD ${s.swd.toFixed(1)} (raw G ${s.swdRaw!.toFixed(1)}, augmentation p ${s.augmentP!.toFixed(3)}) in ${s.seconds.toFixed(0)} s`)
    studio.push(s)
    const p = await trainPeer(facesDir, ref, { epochs, batch, seed, samples, grid: seed === seeds[0] ? grids.peer : null })
    log(`quality: peer seed ${seed}: SWD ${p.swd.toFixed(1)} in ${p.seconds.toFixed(0)} s`)
    peer.push(p)
  }
  return { images: real.count, epochs, steps, batch, samples, realVsReal, studio, peer, grids }
}

interface Setup {
  epochs: number
  batch: number
  seed: number
  samples: number
  grid: string | null
}

function subset(set: ImageSet, from: number, to: number): ImageSet {
  const per = set.size * set.size * set.channels
  return { ...set, count: to - from, pixels: set.pixels.slice(from * per, to * per) }
}

async function trainStudio(real: ImageSet, ref: SwdReference, { epochs, batch, seed, samples, grid }: Setup): Promise<QualityRun> {
  const config = preset('compact-32', { batchSize: batch, seed })
  const started = performance.now()
  const trainer = new Trainer(config, real, TrainingPlan.of(config, Array.from({ length: real.count }, (_, i) => i), epochs))
  try {
    while (trainer.stepsDone < trainer.plan.plannedSteps) {
      const { metrics } = await trainer.step()
      if (metrics.nonFinite) throw new Error(`the studio's quality run stopped: ${metrics.nonFinite.message}`)
    }
    const seconds = (performance.now() - started) / 1000
    const latents = new Rng(seed, 99).fillNormal(new Float32Array(samples * config.zDim))
    const ema = { ...real, count: samples, pixels: await trainer.generate(latents) }
    const raw = { ...real, count: samples, pixels: await trainer.generate(latents, { raw: true }) }
    if (grid) await writeGrid(ema, grid)
    return { seed, seconds, swd: swdAgainst(ref, ema).mean, swdRaw: swdAgainst(ref, raw).mean, augmentP: trainer.augment.p }
  } finally {
    trainer.dispose()
  }
}

async function trainPeer(facesDir: string, ref: SwdReference, { epochs, batch, seed, samples, grid }: Setup): Promise<QualityRun> {
  const output = mkdtempSync(join(tmpdir(), 'studio-quality-peer-'))
  try {
    const started = performance.now()
    await runPeerScript('dcgan_train.py', [facesDir, output, '--size', String(SIZE), '--epochs', String(epochs), '--batch', String(batch), '--samples', String(samples), '--seed', String(seed)])
    const seconds = (performance.now() - started) / 1000
    const files = readdirSync(output).filter((f) => f.endsWith('.png')).sort().map((f) => join(output, f))
    const set = await loadImages(files, SIZE)
    if (grid) await writeGrid(set, grid)
    return { seed, seconds, swd: swdAgainst(ref, set).mean }
  } finally {
    rmSync(output, { recursive: true, force: true })
  }
}

/** The first 64 faces as an 8 × 8 grid, each scaled ×2 without smoothing. */
async function writeGrid(set: ImageSet, output: string): Promise<void> {
  const cell = set.size * 2
  const per = set.size * set.size * set.channels
  const cells = await Promise.all(
    Array.from({ length: Math.min(GRID, set.count) }, async (_, i) => ({
      input: await sharp(set.pixels.subarray(i * per, (i + 1) * per), { raw: { width: set.size, height: set.size, channels: 3 } })
        .resize(cell, cell, { kernel: 'nearest' })
        .png()
        .toBuffer(),
      left: (i % 8) * cell,
      top: Math.floor(i / 8) * cell,
    })),
  )
  await sharp({ create: { width: cell * 8, height: cell * 8, channels: 3, background: '#000000' } }).composite(cells).png().toFile(output)
}
