/**
 * Quality benchmark: the studio and the PyTorch peer (dcgan_train.py) each train compact-32 on the
 * shared caltech faces with the same settings (50 epochs, batch 32, seed 1), and each one's 64 final
 * samples are written as an 8 × 8 grid for docs/benchmarks.md.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { openStudio } from '../src-main/cli/open-studio'
import { CALTECH_FACES } from './import'
import { runPeerScript } from './peer'

export interface QualityOptions {
  epochs?: number
  batch?: number
  seed?: number
  /** where the two grids are written */
  outputDir?: string
  log?: (line: string) => void
}

export interface QualitySide {
  seconds: number
  finalLosses: { dLoss: number; gLoss: number }
  grid: string
}

export interface QualityResult {
  epochs: number
  batch: number
  studio: QualitySide
  peer: QualitySide
}

const GRID_COLUMNS = 8
const GRID_SCALE = 2

export async function benchQuality(options: QualityOptions = {}): Promise<QualityResult> {
  const { epochs = 50, batch = 32, seed = 1, log = () => undefined } = options
  const outputDir = options.outputDir ?? join(process.cwd(), 'docs', 'benchmarks')
  mkdirSync(outputDir, { recursive: true })
  const scratch = mkdtempSync(join(tmpdir(), 'studio-quality-'))
  try {
    const studio = await trainStudio({ scratch, epochs, batch, seed, log })
    const studioGrid = join(outputDir, 'quality-studio.png')
    await writeGrid(studio.samples, studioGrid)
    const peer = await trainPeer({ scratch, epochs, batch, seed, log })
    const peerGrid = join(outputDir, 'quality-peer.png')
    await writeGrid(peer.samples, peerGrid)
    return {
      epochs,
      batch,
      studio: { seconds: studio.seconds, finalLosses: studio.finalLosses, grid: studioGrid },
      peer: { seconds: peer.seconds, finalLosses: peer.finalLosses, grid: peerGrid },
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

interface TrainSetup {
  scratch: string
  epochs: number
  batch: number
  seed: number
  log: (line: string) => void
}

interface Trained {
  seconds: number
  finalLosses: { dLoss: number; gLoss: number }
  samples: string[]
}

async function trainStudio({ scratch, epochs, batch, seed, log }: TrainSetup): Promise<Trained> {
  const studio = openStudio(join(scratch, 'studio'))
  try {
    const imported = await studio.datasets.runImport({ sourcePath: CALTECH_FACES, sourceLabel: 'caltech-faces', name: 'caltech', sizes: [32] })
    if (imported.datasetId === null) throw new Error(`importing the caltech faces failed: ${imported.message}`)
    const started = performance.now()
    const run = studio.runs.create({ datasetId: imported.datasetId, preset: 'compact-32', epochs, seed, hyperparameters: { batchSize: batch } })
    const final = await studio.runs.whenDone(run.id)
    const seconds = (performance.now() - started) / 1000
    if (final.status !== 'finished' || !final.latestLosses) throw new Error(`the studio's quality run ended ${final.status}: ${final.statusReason ?? ''}`)
    log(`quality: studio trained ${epochs} epochs in ${seconds.toFixed(0)} s (D ${final.latestLosses.dLoss.toFixed(3)}, G ${final.latestLosses.gLoss.toFixed(3)})`)
    const last = studio.runs.samples(run.id).at(-1)!
    const samples = last.cells.map((mediaId) => studio.media.resolve(mediaId)!.path)
    return { seconds, finalLosses: final.latestLosses, samples }
  } finally {
    studio.close()
  }
}

async function trainPeer({ scratch, epochs, batch, seed, log }: TrainSetup): Promise<Trained> {
  const output = join(scratch, 'peer')
  const started = performance.now()
  const stdout = await runPeerScript('dcgan_train.py', [
    CALTECH_FACES, output, '--size', '32', '--epochs', String(epochs), '--batch', String(batch), '--samples', '64', '--seed', String(seed),
  ])
  const seconds = (performance.now() - started) / 1000
  const last = [...stdout.matchAll(/^epoch \d+ d_loss ([\d.]+) g_loss ([\d.]+)/gm)].at(-1)
  if (!last) throw new Error(`the peer printed no epoch line: ${stdout.slice(-300)}`)
  const finalLosses = { dLoss: Number(last[1]), gLoss: Number(last[2]) }
  log(`quality: peer trained ${epochs} epochs in ${seconds.toFixed(0)} s (D ${finalLosses.dLoss.toFixed(3)}, G ${finalLosses.gLoss.toFixed(3)})`)
  const samples = readdirSync(output).filter((file) => file.endsWith('.png')).sort().map((file) => join(output, file))
  return { seconds, finalLosses, samples }
}

/** An 8-column grid of same-sized images, each scaled up without smoothing. */
async function writeGrid(files: readonly string[], output: string): Promise<void> {
  const { width = 32, height = 32 } = await sharp(files[0]).metadata()
  const cellWidth = width * GRID_SCALE
  const cellHeight = height * GRID_SCALE
  const rows = Math.ceil(files.length / GRID_COLUMNS)
  const cells = await Promise.all(
    files.map(async (file, index) => ({
      input: await sharp(file).resize(cellWidth, cellHeight, { kernel: 'nearest' }).png().toBuffer(),
      left: (index % GRID_COLUMNS) * cellWidth,
      top: Math.floor(index / GRID_COLUMNS) * cellHeight,
    })),
  )
  await sharp({ create: { width: cellWidth * GRID_COLUMNS, height: cellHeight * rows, channels: 3, background: '#000000' } })
    .composite(cells)
    .png()
    .toFile(output)
}
