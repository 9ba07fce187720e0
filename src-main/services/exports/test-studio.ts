/** Helpers for the export tests: a real studio with a tiny trained run, and folders that refuse writes. */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { writeDemoFaces } from '../datasets/demo-faces'
import { Studio } from '../studio'

export interface TrainedStudio {
  studio: Studio
  dataDir: string
  runId: number
  runName: string
  seed: number
  /** the kept checkpoints, oldest first */
  checkpoints: { id: number; epoch: number; step: number }[]
}

/**
 * A studio on a fresh data folder in `root`, with 32 demo faces imported at 32 px and a `quick` run
 * trained 8 epochs at batch size 4: 64 steps, about what its generator needs before different
 * latents give visibly different faces (before that every face is the same flat grey).
 */
export async function studioWithTrainedRun(root: string, { seed = 7 } = {}): Promise<TrainedStudio> {
  const dataDir = join(root, 'data')
  const studio = new Studio({
    dataDir,
    mode: 'browser',
    probeBackends: async () => ({ backend: 'cpu', device: 'test', unavailable: [], versions: {} }),
  })
  await writeDemoFaces(join(root, 'faces'), { count: 32, seed: 3 })
  const imported = await studio.datasets.runImport({
    sourcePath: join(root, 'faces'),
    sourceLabel: 'faces',
    name: 'Faces',
    sizes: [32],
  })
  const run = studio.runs.create({
    datasetId: imported.datasetId!,
    preset: 'quick',
    epochs: 8,
    seed,
    name: 'Tiny faces',
    hyperparameters: { batchSize: 4 },
  })
  const done = await studio.runs.whenDone(run.id)
  if (done.status !== 'finished')
    throw new Error(`the test run did not finish: ${done.status} ${done.statusReason ?? ''}`)
  const checkpoints = studio.exports.queries.checkpoints(run.id).map(({ id, epoch, step }) => ({ id, epoch, step }))
  return { studio, dataDir, runId: run.id, runName: done.name, seed, checkpoints }
}

const mounted: string[] = []

/**
 * A folder that refuses writes, made the way this process can: without write permission for a
 * normal user; for root (whom permissions do not stop), a read-only tmpfs, or a tiny one with
 * `{ sizeKb }` for a disk that fills up. Null when neither is possible (root without mount rights).
 */
export function refusingFolder(path: string, options: { sizeKb?: number } = {}): string | null {
  mkdirSync(path)
  if (process.getuid?.() !== 0) {
    if (options.sizeKb !== undefined) return null
    chmodSync(path, 0o555)
    return path
  }
  try {
    const mode = options.sizeKb === undefined ? 'ro,size=64k' : `size=${options.sizeKb}k`
    execFileSync('mount', ['-t', 'tmpfs', '-o', mode, 'tmpfs', path], { stdio: 'ignore' })
  } catch {
    return null
  }
  mounted.push(path)
  return path
}

/** Unmounts what refusingFolder mounted (call from afterAll). */
export function releaseRefusingFolders(): void {
  for (const path of mounted.splice(0)) execFileSync('umount', ['-l', path], { stdio: 'ignore' })
}
