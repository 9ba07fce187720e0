/**
 * bench/reliability.ts's full-disk part: for each write site outside training (an import, an export of each kind, a
 * re-crop), count its writes, then fill the disk at each of them in turn (ENOSPC from that write on, at the file-system
 * seam), and check what each attempt left: the clear message, no file changed or lost, nothing half-written; finally
 * free the space and do it once more, which must succeed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { redBlueHalvesPng } from '../src-main/services/datasets/test-fixtures'
import type { ExportKind } from '../src-shared/contract/exports'
import { writeDemoFaces } from '../src-main/services/datasets/demo-faces'
import { fillDiskUnder, folderContents } from '../src-main/services/disk-full-injection'
import { produceExport } from '../src-main/services/exports/produce-export'
import { exportDiskFullMessage } from '../src-main/services/exports/run-export'
import { Studio } from '../src-main/services/studio'

export interface SweepFigures {
  site: string
  injections: number
  clearMessage: number
  /** files that were there before and changed or went */
  dataLost: number
  /** files that were not there before and stayed (half-written output) */
  leftovers: number
  retried: boolean
}

/** Runs `attempt` with the disk under `folder` full from each of its writes on; `attempt` resolves to its message (null: it succeeded). */
async function sweep(
  site: string,
  folder: string,
  attempt: () => Promise<string | null>,
  clear: (message: string) => boolean,
  undo: () => void,
): Promise<SweepFigures> {
  const counting = fillDiskUnder(folder, { fromWrite: Number.MAX_SAFE_INTEGER })
  if ((await attempt()) !== null) throw new Error(`${site} failed with space to spare`)
  counting.free()
  undo()
  const figures: SweepFigures = { site, injections: 0, clearMessage: 0, dataLost: 0, leftovers: 0, retried: false }
  for (let fromWrite = 1; fromWrite <= counting.writes; fromWrite++) {
    const before = folderContents(folder)
    const full = fillDiskUnder(folder, { fromWrite })
    const message = await attempt()
    full.free()
    figures.injections++
    if (message !== null && clear(message)) figures.clearMessage++
    const after = folderContents(folder)
    figures.dataLost += Object.keys(before).filter((file) => after[file] !== before[file]).length
    figures.leftovers += Object.keys(after).filter((file) => !(file in before)).length
  }
  figures.retried = (await attempt()) === null
  return figures
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

export async function diskFullSweep(root: string): Promise<SweepFigures[]> {
  const studio = new Studio({
    dataDir: join(root, 'data'),
    mode: 'browser',
    probeBackends: async () => ({ backend: 'cpu', device: 'bench', unavailable: [], versions: {} }),
    exports: { produce: produceExport },
  })
  try {
    const faces = join(root, 'faces')
    await writeDemoFaces(faces, { count: 16, seed: 3 })
    writeFileSync(join(faces, 'wide.png'), await redBlueHalvesPng())
    const { datasetId } = await studio.datasets.runImport({
      sourcePath: faces,
      sourceLabel: 'faces',
      name: 'Faces',
      sizes: [32, 64],
    })
    const runId = studio.runs.create({
      datasetId: datasetId!,
      preset: 'quick',
      epochs: 1,
      seed: 2,
      hyperparameters: { batchSize: 4 },
    }).id
    await studio.runs.whenDone(runId)

    const figures: SweepFigures[] = []
    let imported: number | null = null
    figures.push(
      await sweep(
        'an import (17 photos at 32 and 64 px)',
        studio.dirs.datasets,
        async () => {
          const outcome = await studio.datasets.runImport({
            sourcePath: faces,
            sourceLabel: 'faces',
            name: 'Again',
            sizes: [32, 64],
          })
          imported = outcome.datasetId
          return outcome.outcome === 'imported' ? null : outcome.message
        },
        (message) => /^Import failed: The disk is full, so .* Free some space, then import it again\.$/.test(message),
        () => studio.datasets.delete(imported!),
      ),
    )

    const exports: [string, ExportKind, Record<string, unknown>][] = [
      ['PNG images', 'images', { count: 8 }],
      ['a zip', 'zip', { count: 8 }],
      ['a sprite sheet', 'sprite', { count: 8 }],
      ['an interpolation GIF', 'gif', { count: 3, framesPerSegment: 4 }],
      ['a training-progress GIF', 'gif', { animation: 'progress' }],
      ['the model (TF.js + page)', 'model', {}],
    ]
    for (const [what, kind, options] of exports) {
      const destination = join(root, `export-${figures.length}`)
      mkdirSync(destination)
      writeFileSync(join(destination, 'already here.txt'), 'kept')
      let output = ''
      figures.push(
        await sweep(
          `an export of ${what}`,
          destination,
          async () => {
            try {
              output = (await studio.exports.run(studio.exports.prepare({ runId, kind, destination, ...options })))
                .output
              return null
            } catch (error) {
              return messageOf(error)
            }
          },
          (message) => message === exportDiskFullMessage(destination),
          () => rmSync(output, { recursive: true }),
        ),
      )
    }

    const wide = studio.datasets.images(datasetId!, 0, 100).images.find((image) => image.file === 'wide.png')!
    let crop = { x: 0, y: 0.5 }
    figures.push(
      await sweep(
        "a re-crop (the image's thumbnail; its cache entries are overwritten in place)",
        join(studio.dirs.datasets, studio.datasets.queries.storage(datasetId!)!.storageDir),
        async () => {
          try {
            await studio.datasets.setCrop(datasetId!, wide.id, crop)
            return null
          } catch (error) {
            return messageOf(error)
          }
        },
        (message) =>
          /^The disk is full, so the new crop could not be saved; the photo keeps its previous crop\. Free some space, then move the crop again\.$/.test(
            message,
          ),
        () => (crop = { x: 1, y: 0.5 }),
      ),
    )
    return figures
  } finally {
    studio.close()
  }
}
