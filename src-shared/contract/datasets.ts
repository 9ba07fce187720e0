import { z } from 'zod'
import { count, id, list, nonEmptyText, text } from './schema-helpers'

export const IMAGE_SIZES = [32, 64, 128] as const
export const imageSize = z.union([z.literal(32), z.literal(64), z.literal(128)])
export const datasetName = nonEmptyText(120)

/** Why a file was not imported: a stable code for filters and tests, and a message for people. */
export const REJECTION_CODES = [
  'empty-file',
  'not-an-image',
  'corrupt',
  'truncated',
  'svg-refused',
  'unsupported-format',
  'too-many-pixels',
  'too-small',
  'file-too-large',
  'vanished',
  'unreadable-name',
  'not-a-file',
  'symlink-outside',
  'symlink-loop',
  'broken-symlink',
  'read-error',
  'internal-error',
] as const
export const rejectionCode = z.enum(REJECTION_CODES)

export const importIssue = z.object({ file: z.string(), code: rejectionCode, message: z.string() })

export const datasetSummary = z.object({
  id,
  name: z.string(),
  sourceLabel: z.string(),
  createdAt: z.string(),
  channels: z.union([z.literal(1), z.literal(3)]),
  allGrayscale: z.boolean(),
  sizes: z.array(imageSize),
  imageCount: count,
  excludedCount: count,
  /** Of the excluded images, those flagged as duplicates or near-duplicates (excluded at import until brought back). */
  excludedCopyCount: count,
  rejectedCount: count,
  duplicateCount: count,
  nearDuplicateCount: count,
  coverMediaId: z.string().nullable(),
})

export const datasetDetail = datasetSummary.extend({
  rejectedByCode: z.record(z.string(), count),
  /** Why the photos' crops cannot be moved now (their originals are gone, a run is training on them); null when they can. */
  cropUnavailable: z.string().nullable(),
})

/** Centre of an image's square crop, as fractions (0..1) of the upright photo's width and height. */
export const cropCentre = z.strictObject({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) })

export const datasetImage = z.object({
  id,
  position: count,
  file: z.string(),
  mediaId: z.string(),
  width: count,
  height: count,
  excluded: z.boolean(),
  /** The earlier photo this one duplicates (same file content) or nearly does (same picture), flagged at import. */
  copyOf: z
    .object({
      kind: z.enum(['duplicate', 'near-duplicate']),
      imageId: id,
      file: z.string(),
      mediaId: z.string(),
      crop: cropCentre,
    })
    .nullable(),
  crop: cropCentre,
})

export const cropSource = z.object({
  /** the whole upright photo, shrunk for display */
  mediaId: z.string(),
  width: count,
  height: count,
  crop: cropCentre,
})

/** A folder, or (dropped on the desktop app) a set of files, that later calls name by grantId; main keeps the paths. */
export const folderGrant = z.object({ grantId: z.string(), label: z.string(), kind: z.enum(['folder', 'files']) })

export const importProgress = z.object({
  importId: z.string(),
  phase: z.enum(['scanning', 'decoding', 'writing']),
  done: count,
  total: count,
  rate: z.number(),
  etaSeconds: z.number().nullable(),
})

export const importFinished = z.object({
  importId: z.string(),
  outcome: z.enum(['imported', 'cancelled', 'failed']),
  datasetId: id.nullable(),
  imported: count,
  rejected: count,
  duplicates: count,
  message: z.string(),
})

/**
 * What a chosen folder is for: `photos` must hold at least one file (an empty folder is refused before
 * any import starts); an `export` destination that does not exist yet is created when its parent does.
 */
export const FOLDER_PURPOSES = ['photos', 'export'] as const
export const folderPurpose = z.enum(FOLDER_PURPOSES)

export const datasetRequests = {
  'folders.pick': { args: z.strictObject({ purpose: folderPurpose.optional() }), result: folderGrant.nullable() },
  'folders.grantPath': {
    args: z.strictObject({ path: nonEmptyText(4096), purpose: folderPurpose.optional() }),
    result: folderGrant,
  },
  /** Every item dropped on the desktop app's window, by its path (sent by the preload only). */
  'folders.grantDropped': { args: z.strictObject({ paths: list(nonEmptyText(4096)).min(1) }), result: folderGrant },
  'datasets.list': { args: z.strictObject({}), result: z.array(datasetSummary) },
  'datasets.get': { args: z.strictObject({ datasetId: id }), result: datasetDetail },
  'datasets.images': {
    args: z.strictObject({ datasetId: id, offset: count, limit: z.number().int().min(1).max(1000) }),
    result: z.object({ total: count, images: z.array(datasetImage) }),
  },
  'datasets.issues': { args: z.strictObject({ datasetId: id }), result: z.array(importIssue) },
  'datasets.import': {
    args: z.strictObject({ grantId: text(64), name: datasetName, sizes: list(imageSize, 3).min(1).optional() }),
    result: z.object({ importId: z.string() }),
  },
  'datasets.makeDemo': {
    args: z.strictObject({
      name: datasetName,
      count: z.number().int().min(16).max(5000),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31),
    }),
    result: z.object({ importId: z.string() }),
  },
  /** Imports the photos that ship with the app (resources/sample-faces): no folder, so no grant. */
  'datasets.importSampleFaces': {
    args: z.strictObject({ name: datasetName }),
    result: z.object({ importId: z.string() }),
  },
  'datasets.cancelImport': {
    args: z.strictObject({ importId: text(64) }),
    result: z.object({ cancelled: z.boolean() }),
  },
  'datasets.setExcluded': {
    args: z.strictObject({ datasetId: id, imageIds: list(id, 10_000).min(1), excluded: z.boolean() }),
    result: z.object({ changed: count }),
  },
  /** Excludes or includes every duplicate and near-duplicate at once (they are excluded at import). */
  'datasets.setCopiesExcluded': {
    args: z.strictObject({ datasetId: id, excluded: z.boolean() }),
    result: z.object({ changed: count }),
  },
  'datasets.cropSource': { args: z.strictObject({ datasetId: id, imageId: id }), result: cropSource },
  'datasets.setCrop': { args: z.strictObject({ datasetId: id, imageId: id, crop: cropCentre }), result: datasetImage },
  'datasets.rename': { args: z.strictObject({ datasetId: id, name: datasetName }), result: datasetSummary },
  'datasets.delete': { args: z.strictObject({ datasetId: id }), result: z.object({ freedBytes: count }) },
} as const

export const datasetEvents = {
  'datasets.changed': z.object({ datasetId: id.nullable() }),
  'import.progress': importProgress,
  'import.finished': importFinished,
} as const

export type ImageSize = z.infer<typeof imageSize>
export type RejectionCode = z.infer<typeof rejectionCode>
export type ImportIssue = z.infer<typeof importIssue>
export type DatasetSummary = z.infer<typeof datasetSummary>
export type DatasetDetail = z.infer<typeof datasetDetail>
export type DatasetImage = z.infer<typeof datasetImage>
export type FolderGrant = z.infer<typeof folderGrant>
export type ImportProgress = z.infer<typeof importProgress>
export type ImportFinished = z.infer<typeof importFinished>
export type CropCentre = z.infer<typeof cropCentre>
export type CropSource = z.infer<typeof cropSource>
export type FolderPurpose = z.infer<typeof folderPurpose>
