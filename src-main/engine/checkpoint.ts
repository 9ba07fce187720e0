/**
 * Checkpoints on disk: a folder per checkpoint with
 *   tensors.bin   all float32 tensors (little-endian), concatenated
 *   state.json    config, training plan (the run's images and schedule), step, RNG state, optimizer steps, tensor index
 *   manifest.json format, byte sizes and sha256 of the other files — written last
 * Written into a temporary sibling folder with every file and the folder fsynced, then renamed
 * into place (and the parent fsynced). Reading verifies sizes and hashes and refuses a partial or
 * corrupt checkpoint with CheckpointError.
 */
import { createHash, randomBytes } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import type { RngState } from '../../src-shared/rng'
import type { TensorRecord, TrainerSnapshot } from './trainer'
import { parseTrainConfig } from './presets'
import { TrainingPlan } from './training-plan'
import type { AugmentState } from './diff-augment'

export const CHECKPOINT_FORMAT = 'dcgan-studio-checkpoint'
/** 2: the training plan replaced the stored shuffle order and cursor. 3: generator EMA tensors and augmentation state. */
export const CHECKPOINT_VERSION = 3
const FILES = ['tensors.bin', 'state.json'] as const

export class CheckpointError extends Error {
  constructor(
    readonly folder: string,
    message: string,
  ) {
    super(`Checkpoint ${folder} is unusable: ${message}`)
    this.name = 'CheckpointError'
  }
}

interface Manifest {
  format: string
  version: number
  createdAt: string
  step: number
  files: Record<string, { bytes: number; sha256: string }>
}

interface StateJson {
  config: unknown
  plan: unknown
  step: number
  rng: RngState
  optimizerSteps: { g: number; d: number }
  augment: AugmentState
  tensors: { name: string; shape: number[]; offset: number; length: number }[]
}

function sha256(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex')
}

async function writeFileSynced(file: string, data: Uint8Array): Promise<void> {
  const fh = await fsp.open(file, 'w')
  try {
    await fh.writeFile(data)
    await fh.sync()
  } finally {
    await fh.close()
  }
}

async function fsyncDir(dir: string): Promise<void> {
  let fh: fsp.FileHandle | null = null
  try {
    fh = await fsp.open(dir, 'r')
    await fh.sync()
  } catch {
    // directories cannot be opened/fsynced on every platform (Windows); rename is still atomic there
  } finally {
    await fh?.close()
  }
}

function bytesOf(a: Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
}

export function checkpointFolderName(step: number): string {
  return `step-${String(step).padStart(9, '0')}`
}

/**
 * Writes `snap` as `<checkpointsDir>/step-NNNNNNNNN` (replacing one of the same step).
 * Returns the folder and the bytes written.
 */
export async function writeCheckpoint(
  checkpointsDir: string,
  snap: TrainerSnapshot,
): Promise<{ folder: string; bytes: number }> {
  await fsp.mkdir(checkpointsDir, { recursive: true })
  const name = checkpointFolderName(snap.step)
  const folder = path.join(checkpointsDir, name)
  const tmp = path.join(checkpointsDir, `.tmp-${name}-${randomBytes(4).toString('hex')}`)
  await fsp.mkdir(tmp)
  try {
    const total = snap.tensors.reduce((a, t) => a + t.data.length, 0)
    const all = new Float32Array(total)
    const index: StateJson['tensors'] = []
    let offset = 0
    for (const t of snap.tensors) {
      all.set(t.data, offset)
      index.push({ name: t.name, shape: t.shape, offset, length: t.data.length })
      offset += t.data.length
    }
    const state: StateJson = {
      config: snap.config,
      plan: snap.plan,
      step: snap.step,
      rng: snap.rng,
      optimizerSteps: snap.optimizerSteps,
      augment: snap.augment,
      tensors: index,
    }
    const contents: Record<(typeof FILES)[number], Uint8Array> = {
      'tensors.bin': bytesOf(all),
      'state.json': new TextEncoder().encode(JSON.stringify(state)),
    }
    const manifest: Manifest = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      createdAt: new Date().toISOString(),
      step: snap.step,
      files: {},
    }
    let bytes = 0
    for (const f of FILES) {
      const data = contents[f]
      await writeFileSynced(path.join(tmp, f), data)
      manifest.files[f] = { bytes: data.byteLength, sha256: sha256(data) }
      bytes += data.byteLength
    }
    const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest, null, 2))
    await writeFileSynced(path.join(tmp, 'manifest.json'), manifestBytes)
    bytes += manifestBytes.byteLength
    await fsyncDir(tmp)
    let old: string | null = null
    try {
      await fsp.access(folder)
      old = path.join(checkpointsDir, `.old-${name}-${randomBytes(4).toString('hex')}`)
      await fsp.rename(folder, old)
    } catch {
      old = null
    }
    await fsp.rename(tmp, folder)
    await fsyncDir(checkpointsDir)
    if (old) await fsp.rm(old, { recursive: true, force: true })
    return { folder, bytes }
  } catch (e) {
    await fsp.rm(tmp, { recursive: true, force: true }).catch(() => undefined)
    throw e
  }
}

/** Reads and verifies a checkpoint folder written by writeCheckpoint. */
export async function readCheckpoint(folder: string): Promise<TrainerSnapshot> {
  let manifest: Manifest
  try {
    manifest = JSON.parse(await fsp.readFile(path.join(folder, 'manifest.json'), 'utf8')) as Manifest
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new CheckpointError(
      folder,
      code === 'ENOENT'
        ? 'it has no manifest.json (it was not finished)'
        : `manifest.json is not readable (${(e as Error).message})`,
    )
  }
  if (manifest.format !== CHECKPOINT_FORMAT)
    throw new CheckpointError(folder, `not a ${CHECKPOINT_FORMAT} (format '${manifest.format}')`)
  if (manifest.version !== CHECKPOINT_VERSION) {
    const older = typeof manifest.version === 'number' && manifest.version < CHECKPOINT_VERSION
    throw new CheckpointError(
      folder,
      `format version ${manifest.version} is not supported (expected ${CHECKPOINT_VERSION})${older ? ': it was written by an earlier version of the studio, which cannot be resumed; start a new run' : ''}`,
    )
  }
  const data: Partial<Record<(typeof FILES)[number], Uint8Array>> = {}
  for (const f of FILES) {
    const entry = manifest.files?.[f]
    if (!entry) throw new CheckpointError(folder, `the manifest does not list ${f}`)
    let buf: Buffer
    try {
      buf = await fsp.readFile(path.join(folder, f))
    } catch {
      throw new CheckpointError(folder, `${f} is missing`)
    }
    if (buf.byteLength !== entry.bytes)
      throw new CheckpointError(folder, `${f} has ${buf.byteLength} bytes, the manifest says ${entry.bytes}`)
    if (sha256(buf) !== entry.sha256) throw new CheckpointError(folder, `${f} does not match its sha256 (corrupt)`)
    // copy into a fresh, aligned buffer
    const copy = new Uint8Array(buf.byteLength)
    copy.set(buf)
    data[f] = copy
  }
  let state: StateJson
  try {
    state = JSON.parse(new TextDecoder().decode(data['state.json'])) as StateJson
  } catch (e) {
    throw new CheckpointError(folder, `state.json is not valid JSON (${(e as Error).message})`)
  }
  const tb = data['tensors.bin']!
  if (tb.byteLength % 4 !== 0) throw new CheckpointError(folder, 'tensors.bin is not a whole number of float32 values')
  const all = new Float32Array(tb.buffer, tb.byteOffset, tb.byteLength / 4)
  const tensors: TensorRecord[] = state.tensors.map((t) => {
    if (t.offset + t.length > all.length) throw new CheckpointError(folder, `tensor ${t.name} lies outside tensors.bin`)
    return { name: t.name, shape: t.shape, data: all.slice(t.offset, t.offset + t.length) }
  })
  let config
  let plan
  try {
    config = parseTrainConfig(state.config)
    plan = TrainingPlan.fromJson(state.plan).json
  } catch (e) {
    throw new CheckpointError(folder, `its training configuration is invalid (${(e as Error).message})`)
  }
  return {
    config,
    plan,
    step: state.step,
    rng: state.rng,
    optimizerSteps: state.optimizerSteps,
    augment: state.augment,
    tensors,
  }
}
