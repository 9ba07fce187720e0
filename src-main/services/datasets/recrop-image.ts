/**
 * Moving one imported photo's square crop after the import: the original is decoded again with the new
 * crop centre, and its thumbnail and its entry in every training cache are rewritten in place. The
 * original must still be where it was imported from, unchanged (same content hash): the studio keeps
 * only the cropped squares, never a copy of the user's photos.
 */
import { createHash } from 'node:crypto'
import { rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import type { CropCentre } from '../../../src-shared/contract/datasets'
import { StudioError } from '../../../src-shared/contract/errors'
import { diskFullMessage, isDiskFull } from '../disk-full'
import { MAX_FILE_BYTES, normalizeImageBytes } from './normalize-image'
import { readWholeFile } from './read-whole-file'
import { cacheFileName, updateTrainingCacheEntry } from './training-cache'

export interface RecropTarget {
  /** the original photo: the dataset's source folder joined with the image's relative path */
  original: string
  /** its content hash at import */
  sha256: string
  /** the dataset's storage folder (thumbs/, cache-<size>.bin) */
  datasetFolder: string
  position: number
  sizes: readonly number[]
}

/** Longest side of the whole-photo preview the crop editor shows. */
export const CROP_PREVIEW_SIDE = 512

export async function recropImage(target: RecropTarget, crop: CropCentre): Promise<void> {
  const outcome = await normalizeImageBytes(await readOriginal(target), { sizes: target.sizes, cropCentre: crop })
  if (!outcome.ok) throw unreadable(target, outcome.message)
  const thumbnail = join(target.datasetFolder, 'thumbs', `${target.position}.png`)
  const partial = `${thumbnail}.partial`
  try {
    // The new thumbnail is the one write that needs space, so it comes first: a full disk stops it before the caches
    // (overwritten in place, needing none) change, and the image keeps its previous crop everywhere.
    await writeFile(partial, outcome.thumbnailPng)
    for (const size of target.sizes) {
      const pixels = outcome.pixelsBySize.get(size)
      if (!pixels) throw new StudioError('INTERNAL', `The re-cropped image has no ${size} px version.`)
      await updateTrainingCacheEntry(join(target.datasetFolder, cacheFileName(size)), target.position, pixels)
    }
    await rename(partial, thumbnail)
  } catch (error) {
    await rm(partial, { force: true })
    if (isDiskFull(error))
      throw new StudioError(
        'UNAVAILABLE',
        diskFullMessage('the new crop could not be saved; the photo keeps its previous crop', 'move the crop again'),
      )
    throw error
  }
}

/** Writes the whole upright original, shrunk to fit CROP_PREVIEW_SIDE, as a JPEG at `output`. */
export async function writeCropPreview(target: RecropTarget, output: string): Promise<void> {
  await sharp(await readOriginal(target), { pages: 1 })
    .rotate()
    .flatten({ background: '#ffffff' })
    .resize(CROP_PREVIEW_SIDE, CROP_PREVIEW_SIDE, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .jpeg({ quality: 85 })
    .toFile(output)
}

/** The original's bytes, refused unless they are exactly what was imported. */
async function readOriginal(target: RecropTarget): Promise<Buffer> {
  const read = await readWholeFile(target.original, MAX_FILE_BYTES)
  if (!read.ok) throw unreadable(target, read.message)
  if (createHash('sha256').update(read.bytes).digest('hex') !== target.sha256) {
    throw new StudioError(
      'CONFLICT',
      `The original photo ${target.original} has changed since it was imported: import the folder again to use the new version.`,
    )
  }
  return read.bytes
}

function unreadable(target: RecropTarget, reason: string): StudioError {
  return new StudioError(
    'CONFLICT',
    `The original photo ${target.original} cannot be read any more (${reason}) The crop can only be moved while the original is where it was imported from.`,
  )
}
