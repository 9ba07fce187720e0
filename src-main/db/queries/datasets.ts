import type {
  CropCentre,
  DatasetImage,
  DatasetSummary,
  ImageSize,
  ImportIssue,
} from '../../../src-shared/contract/datasets'
import type { StudioDatabase } from '../open-database'

export interface NewDataset {
  name: string
  sourceLabel: string
  sourcePath: string
  storageDir: string
  channels: 1 | 3
  allGrayscale: boolean
  sizes: ImageSize[]
}

export interface NewImage {
  position: number
  file: string
  sha256: string
  phash: string
  width: number
  height: number
  format: string
  grayscale: boolean
  /** Positions (not ids) of the earlier image this one copies, resolved to ids on insert. */
  duplicateOfPosition: number | null
  nearDuplicateOfPosition: number | null
}

interface DatasetRow {
  id: number
  name: string
  source_label: string
  created_at: string
  channels: 1 | 3
  all_grayscale: 0 | 1
  sizes: string
  image_count: number
  excluded_count: number
  excluded_copy_count: number
  rejected_count: number
  duplicate_count: number
  near_duplicate_count: number
  cover_image_id: number | null
}

/** An image flagged at import as a duplicate or near-duplicate of an earlier one. */
const IS_COPY = '(i.duplicate_of IS NOT NULL OR i.near_duplicate_of IS NOT NULL)'

const SUMMARY_SELECT = `
  SELECT d.id, d.name, d.source_label, d.created_at, d.channels, d.all_grayscale, d.sizes,
    (SELECT count(*) FROM images i WHERE i.dataset_id = d.id) AS image_count,
    (SELECT count(*) FROM images i WHERE i.dataset_id = d.id AND i.excluded = 1) AS excluded_count,
    (SELECT count(*) FROM images i WHERE i.dataset_id = d.id AND i.excluded = 1 AND ${IS_COPY}) AS excluded_copy_count,
    (SELECT count(*) FROM import_issues x WHERE x.dataset_id = d.id) AS rejected_count,
    (SELECT count(*) FROM images i WHERE i.dataset_id = d.id AND i.duplicate_of IS NOT NULL) AS duplicate_count,
    (SELECT count(*) FROM images i WHERE i.dataset_id = d.id AND i.near_duplicate_of IS NOT NULL) AS near_duplicate_count,
    (SELECT i.id FROM images i WHERE i.dataset_id = d.id AND i.excluded = 0 ORDER BY i.position LIMIT 1) AS cover_image_id
  FROM datasets d`

function toSummary(row: DatasetRow): DatasetSummary {
  return {
    id: row.id,
    name: row.name,
    sourceLabel: row.source_label,
    createdAt: row.created_at,
    channels: row.channels,
    allGrayscale: row.all_grayscale === 1,
    sizes: JSON.parse(row.sizes) as ImageSize[],
    imageCount: row.image_count,
    excludedCount: row.excluded_count,
    excludedCopyCount: row.excluded_copy_count,
    rejectedCount: row.rejected_count,
    duplicateCount: row.duplicate_count,
    nearDuplicateCount: row.near_duplicate_count,
    coverMediaId: row.cover_image_id === null ? null : `thumb-${row.cover_image_id}`,
  }
}

export class DatasetQueries {
  constructor(private readonly db: StudioDatabase) {}

  list(): DatasetSummary[] {
    return (this.db.prepare(`${SUMMARY_SELECT} ORDER BY d.created_at DESC, d.id DESC`).all() as DatasetRow[]).map(
      toSummary,
    )
  }

  summary(datasetId: number): DatasetSummary | undefined {
    const row = this.db.prepare(`${SUMMARY_SELECT} WHERE d.id = ?`).get(datasetId) as DatasetRow | undefined
    return row && toSummary(row)
  }

  findByName(name: string): { id: number } | undefined {
    return this.db.prepare(`SELECT id FROM datasets WHERE name = ?`).get(name) as { id: number } | undefined
  }

  /** Where the dataset was imported from: the originals a crop is recomputed from. */
  sourcePath(datasetId: number): string | undefined {
    return this.db.prepare(`SELECT source_path FROM datasets WHERE id = ?`).pluck().get(datasetId) as string | undefined
  }

  storage(datasetId: number): { storageDir: string; sizes: ImageSize[]; channels: 1 | 3 } | undefined {
    const row = this.db.prepare(`SELECT storage_dir, sizes, channels FROM datasets WHERE id = ?`).get(datasetId) as
      { storage_dir: string; sizes: string; channels: 1 | 3 } | undefined
    return row && { storageDir: row.storage_dir, sizes: JSON.parse(row.sizes) as ImageSize[], channels: row.channels }
  }

  rejectedByCode(datasetId: number): Record<string, number> {
    const rows = this.db
      .prepare(`SELECT code, count(*) AS n FROM import_issues WHERE dataset_id = ? GROUP BY code`)
      .all(datasetId) as { code: string; n: number }[]
    return Object.fromEntries(rows.map((row) => [row.code, row.n]))
  }

  issues(datasetId: number): ImportIssue[] {
    return this.db
      .prepare(`SELECT file, code, message FROM import_issues WHERE dataset_id = ? ORDER BY file`)
      .all(datasetId) as ImportIssue[]
  }

  images(datasetId: number, offset: number, limit: number): DatasetImage[] {
    const rows = this.db
      .prepare(
        `SELECT ${IMAGE_COLUMNS} FROM ${IMAGES_WITH_COPIED} WHERE i.dataset_id = ? ORDER BY i.position LIMIT ? OFFSET ?`,
      )
      .all(datasetId, limit, offset) as ImageRow[]
    return rows.map(toDatasetImage)
  }

  image(datasetId: number, imageId: number): DatasetImage | undefined {
    const row = this.db
      .prepare(`SELECT ${IMAGE_COLUMNS} FROM ${IMAGES_WITH_COPIED} WHERE i.dataset_id = ? AND i.id = ?`)
      .get(datasetId, imageId) as ImageRow | undefined
    return row && toDatasetImage(row)
  }

  /** What re-cropping an image needs: where its original is, what it hashed to, and where its outputs live. */
  imageSource(datasetId: number, imageId: number): ImageSource | undefined {
    return this.db
      .prepare(
        `SELECT i.position, i.file, i.sha256, d.source_path AS sourcePath, d.storage_dir AS storageDir, d.sizes AS sizesJson
         FROM images i JOIN datasets d ON d.id = i.dataset_id WHERE i.dataset_id = ? AND i.id = ?`,
      )
      .get(datasetId, imageId) as ImageSource | undefined
  }

  setCrop(imageId: number, crop: CropCentre): void {
    this.db.prepare(`UPDATE images SET crop_x = ?, crop_y = ? WHERE id = ?`).run(crop.x, crop.y, imageId)
  }

  imageCount(datasetId: number): number {
    return this.db.prepare(`SELECT count(*) FROM images WHERE dataset_id = ?`).pluck().get(datasetId) as number
  }

  /** Positions of the images a new run would train on, in cache order. */
  includedPositions(datasetId: number): number[] {
    return this.db
      .prepare(`SELECT position FROM images WHERE dataset_id = ? AND excluded = 0 ORDER BY position`)
      .pluck()
      .all(datasetId) as number[]
  }

  /** The ids of the images a new run trains on (the dataset minus excluded images), in cache order. */
  includedImageIds(datasetId: number): number[] {
    return this.db
      .prepare(`SELECT id FROM images WHERE dataset_id = ? AND excluded = 0 ORDER BY position`)
      .pluck()
      .all(datasetId) as number[]
  }

  /** Where each of the dataset's images sits in its training caches, by image id. */
  cachePositions(datasetId: number): Map<number, number> {
    const rows = this.db.prepare(`SELECT id, position FROM images WHERE dataset_id = ?`).raw().all(datasetId) as [
      number,
      number,
    ][]
    return new Map(rows)
  }

  thumbnail(imageId: number): { storageDir: string; position: number } | undefined {
    return this.db
      .prepare(
        `SELECT d.storage_dir AS storageDir, i.position FROM images i JOIN datasets d ON d.id = i.dataset_id WHERE i.id = ?`,
      )
      .get(imageId) as { storageDir: string; position: number } | undefined
  }

  /** The dataset, its images and its import issues, all or nothing. */
  insert(dataset: NewDataset, images: readonly NewImage[], issues: readonly ImportIssue[]): number {
    return this.db.transaction(() => {
      const datasetId = Number(
        this.db
          .prepare(
            `INSERT INTO datasets (name, source_label, source_path, storage_dir, channels, all_grayscale, sizes, created_at)
             VALUES (@name, @sourceLabel, @sourcePath, @storageDir, @channels, @allGrayscale, @sizes, @createdAt)`,
          )
          .run({
            ...dataset,
            allGrayscale: dataset.allGrayscale ? 1 : 0,
            sizes: JSON.stringify(dataset.sizes),
            createdAt: new Date().toISOString(),
          }).lastInsertRowid,
      )
      const insertImage = this.db.prepare(
        `INSERT INTO images (dataset_id, position, file, sha256, phash, width, height, format, grayscale)
         VALUES (@datasetId, @position, @file, @sha256, @phash, @width, @height, @format, @grayscale)`,
      )
      const idByPosition = new Map<number, number>()
      for (const image of images) {
        const { lastInsertRowid } = insertImage.run({ ...image, datasetId, grayscale: image.grayscale ? 1 : 0 })
        idByPosition.set(image.position, Number(lastInsertRowid))
      }
      // A copy is left out of training until the user brings it back: it would weigh its face twice.
      const linkCopies = this.db.prepare(
        `UPDATE images SET duplicate_of = ?, near_duplicate_of = ?, excluded = 1 WHERE id = ?`,
      )
      for (const image of images) {
        if (image.duplicateOfPosition === null && image.nearDuplicateOfPosition === null) continue
        linkCopies.run(
          image.duplicateOfPosition === null ? null : idByPosition.get(image.duplicateOfPosition),
          image.nearDuplicateOfPosition === null ? null : idByPosition.get(image.nearDuplicateOfPosition),
          idByPosition.get(image.position),
        )
      }
      const insertIssue = this.db.prepare(
        `INSERT INTO import_issues (dataset_id, file, code, message) VALUES (?, ?, ?, ?)`,
      )
      for (const issue of issues) insertIssue.run(datasetId, issue.file, issue.code, issue.message)
      return datasetId
    })()
  }

  setExcluded(datasetId: number, imageIds: readonly number[], excluded: boolean): number {
    const update = this.db.prepare(`UPDATE images SET excluded = ? WHERE dataset_id = ? AND id = ?`)
    return this.db.transaction(() =>
      imageIds.reduce((changed, id) => changed + update.run(excluded ? 1 : 0, datasetId, id).changes, 0),
    )()
  }

  /** Excludes or includes every image flagged as a duplicate or near-duplicate; returns how many changed. */
  setCopiesExcluded(datasetId: number, excluded: boolean): number {
    return this.db
      .prepare(`UPDATE images AS i SET excluded = ? WHERE i.dataset_id = ? AND ${IS_COPY} AND i.excluded != ?`)
      .run(excluded ? 1 : 0, datasetId, excluded ? 1 : 0).changes
  }

  rename(datasetId: number, name: string): boolean {
    return this.db.prepare(`UPDATE datasets SET name = ? WHERE id = ?`).run(name, datasetId).changes === 1
  }

  runCount(datasetId: number): number {
    return this.db.prepare(`SELECT count(*) FROM runs WHERE dataset_id = ?`).pluck().get(datasetId) as number
  }

  /** Names of the runs whose training process holds this dataset's images now (running, paused or about to start). */
  liveRunNames(datasetId: number): string[] {
    return this.db
      .prepare(`SELECT name FROM runs WHERE dataset_id = ? AND status IN ('running', 'paused', 'queued') ORDER BY id`)
      .pluck()
      .all(datasetId) as string[]
  }

  delete(datasetId: number): boolean {
    return this.db.prepare(`DELETE FROM datasets WHERE id = ?`).run(datasetId).changes === 1
  }

  storageDirs(): string[] {
    return this.db.prepare(`SELECT storage_dir FROM datasets`).pluck().all() as string[]
  }
}

const IMAGE_COLUMNS = `i.id, i.position, i.file, i.width, i.height, i.excluded, i.duplicate_of, i.near_duplicate_of, i.crop_x, i.crop_y,
  c.file AS copy_of_file, c.crop_x AS copy_of_crop_x, c.crop_y AS copy_of_crop_y`
/** Each image with the earlier one it duplicates (or nearly does), if any. */
const IMAGES_WITH_COPIED = 'images i LEFT JOIN images c ON c.id = coalesce(i.duplicate_of, i.near_duplicate_of)'

interface ImageRow {
  id: number
  position: number
  file: string
  width: number
  height: number
  excluded: 0 | 1
  duplicate_of: number | null
  near_duplicate_of: number | null
  crop_x: number | null
  crop_y: number | null
  copy_of_file: string | null
  copy_of_crop_x: number | null
  copy_of_crop_y: number | null
}

export interface ImageSource {
  position: number
  file: string
  sha256: string
  sourcePath: string
  storageDir: string
  sizesJson: string
}

function toDatasetImage(row: ImageRow): DatasetImage {
  return {
    id: row.id,
    position: row.position,
    file: row.file,
    mediaId: `thumb-${row.id}`,
    width: row.width,
    height: row.height,
    excluded: row.excluded === 1,
    copyOf: copyOf(row),
    crop: crop(row.crop_x, row.crop_y),
  }
}

function copyOf(row: ImageRow): DatasetImage['copyOf'] {
  const imageId = row.duplicate_of ?? row.near_duplicate_of
  if (imageId === null || row.copy_of_file === null) return null
  return {
    kind: row.duplicate_of === null ? 'near-duplicate' : 'duplicate',
    imageId,
    file: row.copy_of_file,
    mediaId: `thumb-${imageId}`,
    crop: crop(row.copy_of_crop_x, row.copy_of_crop_y),
  }
}

const crop = (x: number | null, y: number | null): CropCentre => ({ x: x ?? 0.5, y: y ?? 0.5 })
