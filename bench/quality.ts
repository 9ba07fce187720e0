/**
 * Quality benchmark (issue 10): the studio's trainer (compact-32 with its defaults: generator EMA, augmentation
 * 'auto') and the PyTorch peer (dcgan_train.py, the seeds' settings) train on the same face folder at the same batch
 * for the same number of steps (by default the New run form's first run: compact-32's step budget spread over whole
 * epochs), for several seeds; each writes `samples` faces, and the studio's own SWD (src-main/engine/swd.ts) scores
 * both sets against the same real photos (read the same way for both: centre square, resized). The studio's raw G is
 * scored too (EMA vs raw), and its EMA every `curveEvery` epochs (the SWD curve, with the 8 × 8 fixed-noise grid of
 * the first seed at each point). Times are training only (the peer's own per-epoch times; the studio's steps), wall
 * and, where Linux says, CPU seconds, so runs on a busy machine can still be compared.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { initBackend } from '../src-main/engine/backends'
import { preset, PRESETS } from '../src-main/engine/presets'
import { swdAgainst, swdReference } from '../src-main/engine/swd'
import type { ImageSet, SwdReference } from '../src-main/engine/swd'
import { Trainer } from '../src-main/engine/trainer'
import { TrainingPlan } from '../src-main/engine/training-plan'
import { stepsPerEpoch, suggestedEpochs } from '../src-shared/contract/train-config'
import { Rng } from '../src-shared/rng'
import { CALTECH_FACES } from './import'
import { runPeerScript } from './peer'
import { loadImageFolder, loadImages } from './swd'

export type QualitySide = 'studio' | 'peer'

export interface QualityOptions {
  facesDir?: string
  /** default: the epochs the New run form suggests for compact-32 on this folder (its ~2,000-step budget) */
  epochs?: number
  /** default: compact-32's batch */
  batch?: number
  seeds?: number[]
  samples?: number
  /** default both */
  sides?: QualitySide[]
  /**
   * Score runs the peer script already made with these settings instead of training the peer: `DIR/seed-N/` holds
   * its samples and `DIR/seed-N.log` its output (for the per-epoch times), e.g. seeds run side by side.
   */
  peerRuns?: string
  /** epochs between SWD points of the studio's EMA (0: only at the end) */
  curveEvery?: number
  /** where the grids are written */
  outputDir?: string
  log?: (line: string) => void
}

export interface QualityRun {
  seed: number
  /** training only (wall) */
  seconds: number
  /** CPU time of the training, where the OS reports it */
  cpuSeconds?: number
  swd: number
  /** the studio's raw G (no EMA) */
  swdRaw?: number
  augmentP?: number
  /** the studio's EMA during training */
  curve?: { epoch: number; step: number; seconds: number; swd: number; swdRaw: number; grid?: string }[]
  grid: string
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
}

const SIZE = 32
const GRID = 64
const LATENT_STREAM = 99

export async function benchQuality(options: QualityOptions = {}): Promise<QualityResult> {
  const {
    facesDir = CALTECH_FACES,
    batch = PRESETS['compact-32'].batchSize,
    seeds = [1, 2, 3],
    samples = 1000,
    sides = ['studio', 'peer'],
    curveEvery = 0,
  } = options
  const log = options.log ?? (() => undefined)
  const outputDir = options.outputDir ?? join(process.cwd(), 'docs', 'benchmarks')
  mkdirSync(outputDir, { recursive: true })
  const real = await loadImageFolder(facesDir, SIZE)
  const epochs = options.epochs ?? suggestedEpochs('compact-32', real.count, batch)
  const ref = swdReference(real)
  const half = Math.floor(real.count / 2)
  const realVsReal = swdAgainst(swdReference(subset(real, 0, half)), subset(real, half, 2 * half)).mean
  const steps = stepsPerEpoch(real.count, batch) * epochs
  log(
    `quality: ${real.count} photos, ${epochs} epochs = ${steps} steps at batch ${batch}, ${samples} samples per run; real half vs half SWD ${realVsReal.toFixed(1)}`,
  )
  const studio: QualityRun[] = []
  const peer: QualityRun[] = []
  if (sides.includes('studio')) await initBackend('auto')
  for (const seed of seeds) {
    const setup = { epochs, batch, seed, samples, outputDir, curveEvery, first: seed === seeds[0], log }
    if (sides.includes('studio')) {
      const s = await trainStudio(real, ref, setup)
      log(
        `quality: studio seed ${seed}: SWD ${s.swd.toFixed(1)} (raw G ${s.swdRaw!.toFixed(1)}, augmentation p ${s.augmentP!.toFixed(3)}) in ${timeOf(s)}`,
      )
      studio.push(s)
    }
    if (sides.includes('peer')) {
      const p = options.peerRuns
        ? await scorePeerRun(options.peerRuns, ref, setup)
        : await trainPeer(facesDir, ref, setup)
      log(`quality: peer seed ${seed}: SWD ${p.swd.toFixed(1)} in ${timeOf(p)}`)
      peer.push(p)
    }
  }
  return { images: real.count, epochs, steps, batch, samples, realVsReal, studio, peer }
}

interface Setup {
  epochs: number
  batch: number
  seed: number
  samples: number
  outputDir: string
  curveEvery: number
  /** the first seed also writes the grids along the curve */
  first: boolean
  log: (line: string) => void
}

const timeOf = (r: QualityRun) =>
  `${r.seconds.toFixed(0)} s${r.cpuSeconds === undefined ? '' : ` (CPU ${r.cpuSeconds.toFixed(0)} s)`}`

function subset(set: ImageSet, from: number, to: number): ImageSet {
  const per = set.size * set.size * set.channels
  return { ...set, count: to - from, pixels: set.pixels.slice(from * per, to * per) }
}

const latentsFor = (seed: number, count: number, zDim: number) =>
  new Rng(seed, LATENT_STREAM).fillNormal(new Float32Array(count * zDim))

async function trainStudio(
  real: ImageSet,
  ref: SwdReference,
  { epochs, batch, seed, samples, outputDir, curveEvery, first, log }: Setup,
): Promise<QualityRun> {
  const config = preset('compact-32', { batchSize: batch, seed })
  const trainer = new Trainer(
    config,
    real,
    TrainingPlan.of(
      config,
      Array.from({ length: real.count }, (_, i) => i),
      epochs,
    ),
  )
  const latents = latentsFor(seed, samples, config.zDim)
  const score = async () => {
    const ema = { ...real, count: samples, pixels: await trainer.generate(latents) }
    const raw = { ...real, count: samples, pixels: await trainer.generate(latents, { raw: true }) }
    return { ema, swd: swdAgainst(ref, ema).mean, swdRaw: swdAgainst(ref, raw).mean }
  }
  let seconds = 0
  let cpu = 0
  const curve: NonNullable<QualityRun['curve']> = []
  try {
    while (trainer.stepsDone < trainer.plan.plannedSteps) {
      const started = performance.now()
      const cpuStarted = process.cpuUsage()
      const { metrics, epochEnded } = await trainer.step()
      seconds += (performance.now() - started) / 1000
      cpu += cpuSecondsSince(cpuStarted)
      if (metrics.nonFinite) throw new Error(`the studio's quality run stopped: ${metrics.nonFinite.message}`)
      const epoch = trainer.epochsDone
      if (curveEvery > 0 && epochEnded && epoch % curveEvery === 0 && trainer.stepsDone < trainer.plan.plannedSteps) {
        const point = await score()
        const grid = first
          ? join(outputDir, `quality-studio-seed${seed}-epoch-${String(epoch).padStart(3, '0')}.png`)
          : undefined
        if (grid) await writeGrid({ ...real, count: GRID, pixels: await trainer.generateFixed() }, grid)
        curve.push({
          epoch,
          step: trainer.stepsDone,
          seconds,
          swd: point.swd,
          swdRaw: point.swdRaw,
          ...(grid && { grid }),
        })
        log(
          `quality: studio seed ${seed} epoch ${epoch} (step ${trainer.stepsDone}, ${seconds.toFixed(0)} s): SWD ${point.swd.toFixed(1)}, raw G ${point.swdRaw.toFixed(1)}`,
        )
      }
    }
    const end = await score()
    const grid = join(outputDir, `quality-studio-seed${seed}.png`)
    await writeGrid(end.ema, grid)
    curve.push({ epoch: epochs, step: trainer.stepsDone, seconds, swd: end.swd, swdRaw: end.swdRaw })
    return {
      seed,
      seconds,
      cpuSeconds: cpu,
      swd: end.swd,
      swdRaw: end.swdRaw,
      augmentP: trainer.augment.p,
      ...(curveEvery > 0 && { curve }),
      grid,
    }
  } finally {
    trainer.dispose()
  }
}

const cpuSecondsSince = (start: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(start)
  return (user + system) / 1e6
}

const peerArgs = ({ epochs, batch, samples, seed }: Setup) => [
  '--size',
  String(SIZE),
  '--epochs',
  String(epochs),
  '--batch',
  String(batch),
  '--samples',
  String(samples),
  '--seed',
  String(seed),
]

async function trainPeer(facesDir: string, ref: SwdReference, setup: Setup): Promise<QualityRun> {
  const output = mkdtempSync(join(tmpdir(), 'studio-quality-peer-'))
  try {
    const cpuStarted = childrenCpuSeconds()
    const out = await runPeerScript('dcgan_train.py', [facesDir, output, ...peerArgs(setup)])
    const cpuEnded = childrenCpuSeconds()
    const cpuSeconds = cpuStarted === undefined || cpuEnded === undefined ? undefined : cpuEnded - cpuStarted
    return { ...(await scorePeerSamples(output, out, ref, setup)), ...(cpuSeconds !== undefined && { cpuSeconds }) }
  } finally {
    rmSync(output, { recursive: true, force: true })
  }
}

async function scorePeerRun(dir: string, ref: SwdReference, setup: Setup): Promise<QualityRun> {
  const output = readFileSync(join(dir, `seed-${setup.seed}.log`), 'utf8')
  if (peerEpochSeconds(output).length !== setup.epochs)
    throw new Error(
      `${dir}/seed-${setup.seed}.log is not a run of ${setup.epochs} epochs (${peerArgs(setup).join(' ')})`,
    )
  return scorePeerSamples(join(dir, `seed-${setup.seed}`), output, ref, setup)
}

async function scorePeerSamples(
  folder: string,
  output: string,
  ref: SwdReference,
  { seed, outputDir }: Setup,
): Promise<QualityRun> {
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((f) => join(folder, f))
  const set = await loadImages(files, SIZE)
  const grid = join(outputDir, `quality-peer-seed${seed}.png`)
  await writeGrid(set, grid)
  const seconds = peerEpochSeconds(output).reduce((a, b) => a + b, 0)
  return { seed, seconds, swd: swdAgainst(ref, set).mean, grid }
}

/** The peer's own time per epoch (its lines `epoch E d_loss … g_loss … 12.3s …`): training only, like the studio's. */
export function peerEpochSeconds(output: string): number[] {
  return [...output.matchAll(/^epoch \d+ d_loss \S+ g_loss \S+ ([\d.]+)s /gm)].map((m) => Number(m[1]))
}

/** CPU seconds of this process's finished children (Linux: /proc/self/stat cutime + cstime), else undefined. */
function childrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17, in clock ticks (100 a second on Linux)
    return (Number(fields[13]) + Number(fields[14])) / 100
  } catch {
    return undefined
  }
}

/** The first 64 faces as an 8 × 8 grid, each scaled ×2 without smoothing; a 256-colour PNG (≈ 110 KB, for the docs). */
async function writeGrid(set: ImageSet, output: string): Promise<void> {
  const cell = set.size * 2
  const per = set.size * set.size * set.channels
  const cells = await Promise.all(
    Array.from({ length: Math.min(GRID, set.count) }, async (_, i) => ({
      input: await sharp(set.pixels.subarray(i * per, (i + 1) * per), {
        raw: { width: set.size, height: set.size, channels: 3 },
      })
        .resize(cell, cell, { kernel: 'nearest' })
        .png()
        .toBuffer(),
      left: (i % 8) * cell,
      top: Math.floor(i / 8) * cell,
    })),
  )
  await sharp({ create: { width: cell * 8, height: cell * 8, channels: 3, background: '#000000' } })
    .composite(cells)
    .png({ palette: true, colours: 256, compressionLevel: 9 })
    .toFile(output)
}
