/**
 * A full disk at the write sites outside training: an import (thumbnails, packed caches, its manifest), an export of
 * each kind (into its staging folder), and a re-crop (the image's new thumbnail). Each stops with the reason and what
 * to do, leaves what was there byte for byte, and succeeds when tried again once space is freed. The disk fills at
 * the file-system seam (disk-full-injection.ts) and, where this runs as root, on a real tmpfs that is too small.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { redBlueHalvesPng } from './datasets/test-fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportKind } from '../../src-shared/contract/exports'
import { writeDemoFaces } from './datasets/demo-faces'
import { fillDiskUnder, folderContents } from './disk-full-injection'
import { produceExport } from './exports/produce-export'
import { exportDiskFullMessage } from './exports/run-export'
import { Studio } from './studio'

let root: string
let studio: Studio
let runId: number
const mounts: string[] = []

const IMPORT_FULL =
  /^Import failed: The disk is full, so the dataset could not be written; nothing of it was kept \(.+ is untouched\)\. Free some space, then import it again\.$/

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'studio-disk-writes-'))
  studio = new Studio({
    dataDir: join(root, 'data'),
    mode: 'browser',
    probeBackends: async () => ({ backend: 'cpu', device: 'test', unavailable: [], versions: {} }),
    exports: { produce: produceExport },
  })
  await writeDemoFaces(join(root, 'faces'), { count: 16, seed: 3 })
  const { datasetId } = await studio.datasets.runImport({
    sourcePath: join(root, 'faces'),
    sourceLabel: 'faces',
    name: 'Faces',
    sizes: [32],
  })
  runId = studio.runs.create({
    datasetId: datasetId!,
    preset: 'quick',
    epochs: 1,
    seed: 2,
    hyperparameters: { batchSize: 4 },
  }).id
  expect(await studio.runs.whenDone(runId)).toMatchObject({ status: 'finished' })
}, 180_000)
afterAll(() => {
  studio?.close()
  for (const mount of mounts) execFileSync('umount', ['-l', mount], { stdio: 'ignore' })
  rmSync(root, { recursive: true, force: true })
})

/** The dataset rows, and the settings (where the pending-folder records are). */
const datasetRows = () => ({
  datasets: studio.db.prepare(`SELECT count(*) FROM datasets`).pluck().get(),
  images: studio.db.prepare(`SELECT count(*) FROM images`).pluck().get(),
  settings: studio.db.prepare(`SELECT key, value FROM settings ORDER BY key`).all(),
})

describe('a full disk during an import', () => {
  it('at its first, a middle and its last write: fails saying so, keeps no folder, row or pending record, and imports once space is freed', async () => {
    const datasets = studio.dirs.datasets
    const counting = fillDiskUnder(datasets, { fromWrite: Number.MAX_SAFE_INTEGER })
    const counted = await studio.datasets.runImport({
      sourcePath: join(root, 'faces'),
      sourceLabel: 'faces',
      name: 'Counted',
      sizes: [32, 64],
    })
    counting.free()
    expect(counted.outcome).toBe('imported')
    studio.datasets.delete(counted.datasetId!)
    // 16 thumbnails, a header and the flushed images of two caches, their final headers, the manifest
    expect(counting.writes).toBeGreaterThan(16 + 2)

    for (const fromWrite of [1, Math.floor(counting.writes / 2), counting.writes]) {
      const before = { files: folderContents(datasets), rows: datasetRows() }
      const full = fillDiskUnder(datasets, { fromWrite })
      const failed = await studio.datasets.runImport({
        sourcePath: join(root, 'faces'),
        sourceLabel: 'faces',
        name: 'Again',
        sizes: [32, 64],
      })
      full.free()
      expect(full.refused).toBeGreaterThan(0)
      expect(failed).toMatchObject({ outcome: 'failed', datasetId: null })
      expect(failed.message).toMatch(IMPORT_FULL)
      expect({ files: folderContents(datasets), rows: datasetRows() }).toEqual(before)
    }

    const retried = await studio.datasets.runImport({
      sourcePath: join(root, 'faces'),
      sourceLabel: 'faces',
      name: 'Again',
      sizes: [32, 64],
    })
    expect(retried).toMatchObject({ outcome: 'imported', imported: 16 })
    studio.datasets.delete(retried.datasetId!)
  }, 120_000)

  it('on a real tmpfs too small for it (root only): the same, and it imports once the disk is made larger', async (context) => {
    if (process.getuid?.() !== 0)
      return context.skip('mounting a small tmpfs needs root; the injected ENOSPC above covers the same sites')
    const dataDir = join(root, 'tiny')
    mkdirSync(join(dataDir, 'datasets'), { recursive: true })
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', join(dataDir, 'datasets')], { stdio: 'ignore' })
    } catch {
      return context.skip('mount -t tmpfs is not permitted here (a container without CAP_SYS_ADMIN)')
    }
    mounts.push(join(dataDir, 'datasets'))
    const tiny = new Studio({
      dataDir,
      mode: 'browser',
      probeBackends: async () => ({ backend: 'cpu', device: 'test', unavailable: [], versions: {} }),
    })
    try {
      const failed = await tiny.datasets.runImport({
        sourcePath: join(root, 'faces'),
        sourceLabel: 'faces',
        name: 'Faces',
        sizes: [32, 64],
      })
      expect(failed).toMatchObject({ outcome: 'failed', datasetId: null })
      expect(failed.message).toMatch(IMPORT_FULL)
      expect(readdirSync(join(dataDir, 'datasets'))).toEqual([])
      expect(tiny.datasets.list()).toEqual([])

      execFileSync('mount', ['-o', 'remount,size=8m', join(dataDir, 'datasets')], { stdio: 'ignore' })
      const retried = await tiny.datasets.runImport({
        sourcePath: join(root, 'faces'),
        sourceLabel: 'faces',
        name: 'Faces',
        sizes: [32, 64],
      })
      expect(retried).toMatchObject({ outcome: 'imported', imported: 16 })
    } finally {
      tiny.close()
    }
  }, 120_000)
})

describe('a full disk during an export', () => {
  const kinds: [string, ExportKind, Record<string, unknown>][] = [
    ['PNG images', 'images', { count: 4 }],
    ['a zip', 'zip', { count: 4 }],
    ['a sprite sheet', 'sprite', { count: 4 }],
    ['an interpolation GIF', 'gif', { count: 2, framesPerSegment: 2 }],
    ['a training-progress GIF', 'gif', { animation: 'progress' }],
    ['the model', 'model', {}],
  ]
  it.each(kinds)(
    'of %s: fails saying so, leaves the folder as it was, and exports once space is freed',
    async (_, kind, options) => {
      const destination = mkdtempSync(join(root, 'out-'))
      writeFileSync(join(destination, 'already here.txt'), 'kept')
      const before = folderContents(destination)
      const job = () => studio.exports.prepare({ runId, kind, destination, ...options })
      const counting = fillDiskUnder(destination, { fromWrite: Number.MAX_SAFE_INTEGER })
      rmSync((await studio.exports.run(job())).output, { recursive: true })
      counting.free()
      for (const fromWrite of new Set([1, counting.writes])) {
        const full = fillDiskUnder(destination, { fromWrite })
        await expect(studio.exports.run(job())).rejects.toThrow(exportDiskFullMessage(destination))
        full.free()
        expect(folderContents(destination)).toEqual(before)
      }
      const result = await studio.exports.run(job())
      expect(result.files.length).toBeGreaterThan(0)
      expect(readdirSync(destination)).toHaveLength(2)
    },
    120_000,
  )
})

describe('a full disk during a re-crop', () => {
  it("fails saying so, keeps the image's thumbnail, cache entries and crop as they were, and moves the crop once space is freed", async () => {
    const folder = join(root, 'wide')
    mkdirSync(folder)
    writeFileSync(join(folder, 'wide.png'), await redBlueHalvesPng())
    const { datasetId } = await studio.datasets.runImport({
      sourcePath: folder,
      sourceLabel: 'wide',
      name: 'Wide',
      sizes: [32, 64],
    })
    const [image] = studio.datasets.images(datasetId!, 0, 1).images
    const datasetFolder = join(studio.dirs.datasets, studio.datasets.queries.storage(datasetId!)!.storageDir)
    const before = folderContents(datasetFolder)

    const full = fillDiskUnder(datasetFolder)
    await expect(studio.datasets.setCrop(datasetId!, image!.id, { x: 0, y: 0.5 })).rejects.toThrow(
      'The disk is full, so the new crop could not be saved; the photo keeps its previous crop. Free some space, then move the crop again.',
    )
    full.free()
    expect(folderContents(datasetFolder)).toEqual(before)
    expect(studio.datasets.images(datasetId!, 0, 1).images[0]!.crop).toEqual({ x: 0.5, y: 0.5 })

    expect(await studio.datasets.setCrop(datasetId!, image!.id, { x: 0, y: 0.5 })).toMatchObject({
      crop: { x: 0, y: 0.5 },
    })
    const thumbnail = join(datasetFolder, 'thumbs', `${image!.position}.png`)
    expect(folderContents(datasetFolder)[relative(datasetFolder, thumbnail)]).not.toBe(
      before[relative(datasetFolder, thumbnail)],
    )
    expect(statSync(thumbnail).size).toBeGreaterThan(0)
  }, 120_000)
})
