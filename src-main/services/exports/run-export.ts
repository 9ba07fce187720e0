/**
 * One export, start to finish, around a producer (the export worker in the studio, in-process in
 * tests): files are written into a hidden staging folder inside the destination (same file system,
 * so the final step is a rename and never a copy), then moved to a free name, never overwriting. A
 * cancelled or failed export removes its staging folder: nothing partial is left behind. Producing
 * happens elsewhere; creating, placing and removing files in the destination happens here, in main.
 */
import { randomBytes } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { StudioError } from '../../../src-shared/contract/errors'
import { CheckpointError } from '../../engine/checkpoint'
import type { ExportJob, ExportResult, ProduceOptions, Producer } from './export-job'
import { produceExport } from './produce-export'
import { diskFullMessage } from '../disk-full'
import { isInside } from '../path-inside'
import { assertInside, moveIntoPlace, realDestination, UnsafePathError } from './safe-names'

export const STAGING_PREFIX = '.dcgan-studio-export-'
const STALE_STAGING_MS = 60 * 60 * 1000

export interface RunExportOptions extends ProduceOptions {
  /** where the files are made (default: in this thread) */
  produce?: Producer
}

export function cancelledError(): StudioError {
  return new StudioError('CANCELLED', 'Export cancelled; nothing was kept.')
}

/**
 * An error of an export as a message people can act on. File-system errors about the destination
 * (no `path`, or one inside it) say what is wrong with the folder; others (a checkpoint that vanished)
 * keep their own message.
 */
export function exportError(error: unknown, destination: string, destinationReal?: string): Error {
  if (error instanceof StudioError) return error
  if (error instanceof UnsafePathError) return new StudioError('VALIDATION', error.message)
  if (error instanceof CheckpointError) return new StudioError('UNAVAILABLE', error.message)
  const { code, path: where } = (error ?? {}) as NodeJS.ErrnoException
  const aboutDestination =
    where === undefined ||
    [destination, destinationReal].some(
      (folder) => folder !== undefined && (where === folder || isInside(folder, where)),
    )
  if (aboutDestination) {
    switch (code) {
      case 'EACCES':
      case 'EPERM':
        return new StudioError(
          'UNAVAILABLE',
          `Cannot write to ${destination}: permission denied. Choose a folder you can write to.`,
        )
      case 'EROFS':
        return new StudioError(
          'UNAVAILABLE',
          `Cannot write to ${destination}: the disk is read-only. Choose another folder.`,
        )
      case 'ENOSPC':
      case 'EDQUOT':
        return new StudioError('UNAVAILABLE', exportDiskFullMessage(destination))
      case 'ENOENT':
      case 'ENOTDIR':
        return new StudioError('NOT_FOUND', `The export folder ${destination} does not exist (any more).`)
    }
  }
  return error instanceof Error ? error : new Error(String(error))
}

export const exportDiskFullMessage = (destination: string) =>
  diskFullMessage(
    `the export into ${destination} could not be written; nothing of it was kept`,
    'export again, or choose a folder on another disk',
  )

/** Runs one export. Throws StudioError (CANCELLED, UNAVAILABLE, NOT_FOUND, VALIDATION) or the producer's error. */
export async function runExport(job: ExportJob, options: RunExportOptions = {}): Promise<ExportResult> {
  const { signal, onProgress, produce = produceExport } = options
  if (signal?.aborted) throw cancelledError()
  let destination: string
  try {
    destination = await realDestination(job.destination)
  } catch (error) {
    throw exportError(error, job.destination)
  }
  await removeStaleStaging(destination)
  const staging = path.join(
    destination,
    `${STAGING_PREFIX}${job.exportId.replace(/[^\w-]/g, '').slice(0, 40)}-${randomBytes(4).toString('hex')}.partial`,
  )
  try {
    await fsp.mkdir(staging)
  } catch (error) {
    throw exportError(error, job.destination, destination)
  }
  try {
    const produced = await produce(job, staging, { signal, onProgress })
    if (signal?.aborted) throw cancelledError()
    assertInside(staging, produced.entry)
    onProgress?.({ phase: 'writing', done: 0, total: 1 })
    const output = await moveIntoPlace(produced.entry, destination, produced.name)
    const { files, bytes } = await listFiles(output)
    onProgress?.({ phase: 'writing', done: 1, total: 1 })
    return { exportId: job.exportId, kind: job.kind, output, files, bytes }
  } catch (error) {
    throw signal?.aborted ? cancelledError() : exportError(error, job.destination, destination)
  } finally {
    await fsp.rm(staging, { recursive: true, force: true }).catch(() => undefined)
  }
}

/** Removes staging folders of exports that died with their process (a crash) more than an hour ago. */
async function removeStaleStaging(destination: string): Promise<void> {
  try {
    for (const entry of await fsp.readdir(destination, { withFileTypes: true })) {
      if (!entry.isDirectory() || !entry.name.startsWith(STAGING_PREFIX)) continue
      const full = path.join(destination, entry.name)
      if (Date.now() - (await fsp.lstat(full)).mtimeMs > STALE_STAGING_MS)
        await fsp.rm(full, { recursive: true, force: true })
    }
  } catch {
    // best effort: an unreadable leftover must not stop a new export
  }
}

async function listFiles(entry: string): Promise<{ files: string[]; bytes: number }> {
  const stat = await fsp.lstat(entry)
  if (!stat.isDirectory()) return { files: [entry], bytes: stat.size }
  const files: string[] = []
  let bytes = 0
  for (const name of (await fsp.readdir(entry)).sort()) {
    const sub = await listFiles(path.join(entry, name))
    files.push(...sub.files)
    bytes += sub.bytes
  }
  return { files, bytes }
}
