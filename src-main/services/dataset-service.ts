import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type {
  CropCentre,
  CropSource,
  DatasetDetail,
  DatasetImage,
  DatasetSummary,
  ImageSize,
  ImportFinished,
  ImportIssue,
} from '../../src-shared/contract/datasets'
import { StudioError } from '../../src-shared/contract/errors'
import type { EventHub } from '../bridge/event-hub'
import { DatasetQueries } from '../db/queries/datasets'
import { PendingFolders } from '../db/queries/pending-folders'
import type { StudioDatabase } from '../db/open-database'
import { diskFullMessage, isDiskFull } from './disk-full'
import { folderSize } from './folder-size'
import { isInside } from './path-inside'
import { writeDemoFaces } from './datasets/demo-faces'
import {
  importFiles,
  importFolder,
  type ImportOptions,
  type ImportProgressInfo,
  type ImportSummary,
} from './datasets/import-folder'
import { recropImage, writeCropPreview, type RecropTarget } from './datasets/recrop-image'
import type { MediaService } from './media-service'
import { importWorkerUrl } from './worker-url'

export interface ImportRequest {
  /** The folder imported, or the folder holding every one of `files`: image paths are stored relative to it. */
  sourcePath: string
  sourceLabel: string
  /** Exactly these files (absolute paths inside sourcePath) rather than everything under sourcePath. */
  files?: readonly string[]
  name: string
  sizes?: readonly ImageSize[]
}

/** A file or folder an import passed over on purpose (not a rejection: it was never a candidate). */
export interface SkippedFile {
  file: string
  reason: string
}

export interface CompletedImport extends ImportFinished {
  rejectedFiles: ImportIssue[]
  skippedFiles: SkippedFile[]
}

export const HIDDEN_REASON = 'Hidden (its name starts with a dot): hidden files and folders are not imported.'

const DEFAULT_SIZES: readonly ImageSize[] = [32, 64]
export const SAMPLE_FACES_LABEL = 'sample faces (Caltech 101, CC BY 4.0)'
const NOTHING_IMPORTED = { datasetId: null, imported: 0, rejected: 0, duplicates: 0 }
const ORPHAN_AGE_MS = 6 * 60 * 60 * 1000

/**
 * Datasets: imports run off the main thread (the pipeline's worker pool), then the dataset, its images and
 * its rejected files are written in one transaction after the files are in place. A dataset folder is recorded as
 * pending before it is written or removed; one whose record outlived a crash, and that no row names, is removed at the
 * next start. Folders the database has no record of are never removed.
 */
export class DatasetService {
  readonly queries: DatasetQueries
  readonly #pending: PendingFolders
  readonly #imports = new Map<string, AbortController>()

  constructor(
    private readonly db: StudioDatabase,
    private readonly datasetsDir: string,
    private readonly scratchDir: string,
    private readonly hub: EventHub,
    media: MediaService,
    /** The shipped sample photos (resources/sample-faces): the app's own files, so imported with no grant. */
    private readonly sampleFacesDir: string,
  ) {
    this.queries = new DatasetQueries(db)
    this.#pending = new PendingFolders(db)
    media.register('thumb', (imageId) => {
      const image = this.queries.thumbnail(imageId)
      return (
        image && {
          path: join(this.datasetsDir, image.storageDir, 'thumbs', `${image.position}.png`),
          contentType: 'image/png',
        }
      )
    })
    media.register('original', (imageId) => {
      const image = this.queries.thumbnail(imageId)
      const path = image && this.#cropPreviewPath(image.storageDir, imageId)
      return path && existsSync(path) ? { path, contentType: 'image/jpeg' } : undefined
    })
    this.#removeOrphanFolders()
  }

  list(): DatasetSummary[] {
    return this.queries.list()
  }

  get(datasetId: number): DatasetDetail {
    return {
      ...this.#summary(datasetId),
      rejectedByCode: this.queries.rejectedByCode(datasetId),
      cropUnavailable: this.#cropUnavailable(datasetId),
    }
  }

  images(datasetId: number, offset: number, limit: number): { total: number; images: DatasetImage[] } {
    this.#summary(datasetId)
    return { total: this.queries.imageCount(datasetId), images: this.queries.images(datasetId, offset, limit) }
  }

  issues(datasetId: number): ImportIssue[] {
    this.#summary(datasetId)
    return this.queries.issues(datasetId)
  }

  setExcluded(datasetId: number, imageIds: readonly number[], excluded: boolean): { changed: number } {
    this.#summary(datasetId)
    const changed = this.queries.setExcluded(datasetId, imageIds, excluded)
    this.hub.emit('datasets.changed', { datasetId })
    return { changed }
  }

  /** Excludes or includes every photo flagged at import as a duplicate or near-duplicate of another. */
  setCopiesExcluded(datasetId: number, excluded: boolean): { changed: number } {
    this.#summary(datasetId)
    const changed = this.queries.setCopiesExcluded(datasetId, excluded)
    this.hub.emit('datasets.changed', { datasetId })
    return { changed }
  }

  /** The whole original photo (shrunk) for the crop editor, with the image's current crop. */
  async cropSource(datasetId: number, imageId: number): Promise<CropSource> {
    const image = this.#image(datasetId, imageId)
    this.#assertCropMovable(datasetId)
    const preview = this.#cropPreviewPath(this.queries.storage(datasetId)!.storageDir, imageId)
    mkdirSync(dirname(preview), { recursive: true })
    await writeCropPreview(this.#recropTarget(datasetId, imageId), preview)
    return { mediaId: `original-${imageId}`, width: image.width, height: image.height, crop: image.crop }
  }

  /** Moves an image's square crop: its thumbnail and training caches are rebuilt from the original. */
  async setCrop(datasetId: number, imageId: number, crop: CropCentre): Promise<DatasetImage> {
    const target = this.#recropTarget(datasetId, imageId)
    this.#assertCropMovable(datasetId)
    await recropImage(target, crop)
    this.queries.setCrop(imageId, crop)
    this.hub.emit('datasets.changed', { datasetId })
    return this.#image(datasetId, imageId)
  }

  rename(datasetId: number, name: string): DatasetSummary {
    this.#summary(datasetId)
    this.#assertNameFree(name, datasetId)
    this.queries.rename(datasetId, name)
    this.hub.emit('datasets.changed', { datasetId })
    return this.#summary(datasetId)
  }

  delete(datasetId: number): { freedBytes: number } {
    const storage = this.queries.storage(datasetId)
    if (!storage) throw new StudioError('NOT_FOUND', `There is no dataset ${datasetId}.`)
    const runs = this.queries.runCount(datasetId)
    if (runs > 0) {
      throw new StudioError(
        'CONFLICT',
        `This dataset is used by ${runs} run${runs === 1 ? '' : 's'}: delete ${runs === 1 ? 'that run' : 'those runs'} first; runs train on the dataset's own cache.`,
      )
    }
    const folder = join(this.datasetsDir, storage.storageDir)
    const freedBytes = folderSize(folder)
    this.db.transaction(() => {
      this.#pending.record(storage.storageDir, 'delete')
      this.queries.delete(datasetId)
    })()
    rmSync(folder, { recursive: true, force: true })
    rmSync(this.#cropPreviewPath(storage.storageDir), { recursive: true, force: true })
    this.#pending.clear(storage.storageDir)
    this.hub.emit('datasets.changed', { datasetId: null })
    return { freedBytes }
  }

  /** Starts an import in the background; progress and the outcome arrive as events. */
  startImport(request: ImportRequest): { importId: string } {
    this.#assertNameFree(request.name)
    const importId = randomUUID()
    void this.runImport(request, { importId })
    return { importId }
  }

  /** Draws `count` synthetic faces from `seed` into scratch space and imports them like any folder. */
  startDemo({ name, count, seed }: { name: string; count: number; seed: number }): { importId: string } {
    this.#assertNameFree(name)
    const facesDir = join(this.scratchDir, `demo-${randomUUID()}`)
    const importId = randomUUID()
    const removeFaces = () => rmSync(facesDir, { recursive: true, force: true })
    void writeDemoFaces(facesDir, { count, seed })
      .then(() =>
        this.runImport({ sourcePath: facesDir, sourceLabel: `demo faces (seed ${seed})`, name }, { importId }),
      )
      .catch((error: unknown) =>
        this.hub.emit('import.finished', {
          ...NOTHING_IMPORTED,
          importId,
          outcome: 'failed',
          message: `Demo faces failed: ${String(error)}`,
        }),
      )
      .finally(removeFaces)
    return { importId }
  }

  /** Imports the shipped sample faces like any set of photo files (their licence NOTICE beside them is left out). */
  startSampleFaces({ name }: { name: string }): { importId: string } {
    return this.startImport(this.sampleFacesImport(name))
  }

  /** The import of the shipped sample faces under `name`; refused clearly when this installation lacks them. */
  sampleFacesImport(name: string): ImportRequest {
    const folder = this.sampleFacesDir
    const photos = existsSync(folder) ? readdirSync(folder).filter((file) => /\.jpe?g$/i.test(file)) : []
    if (photos.length === 0)
      throw new StudioError(
        'UNAVAILABLE',
        `The sample faces are missing from this installation: there are no photos in ${folder}.`,
      )
    return {
      sourcePath: folder,
      sourceLabel: SAMPLE_FACES_LABEL,
      files: photos.sort().map((file) => join(folder, file)),
      name,
    }
  }

  cancelImport(importId: string): { cancelled: boolean } {
    const controller = this.#imports.get(importId)
    controller?.abort()
    return { cancelled: controller !== undefined }
  }

  /** Runs one import to its end (the CLI awaits this; the UI gets the same through events). */
  async runImport(
    request: ImportRequest,
    options: { importId?: string; signal?: AbortSignal; onProgress?: (progress: ImportProgressInfo) => void } = {},
  ): Promise<CompletedImport> {
    this.#assertNameFree(request.name)
    const importId = options.importId ?? randomUUID()
    const controller = new AbortController()
    options.signal?.addEventListener('abort', () => controller.abort(), { once: true })
    this.#imports.set(importId, controller)
    const storageDir = `dataset-${importId}`
    let finished: CompletedImport
    try {
      this.#pending.record(storageDir, 'import')
      const importOptions: ImportOptions = {
        outputDir: join(this.datasetsDir, storageDir),
        sizes: request.sizes ?? DEFAULT_SIZES,
        signal: controller.signal,
        workerUrl: importWorkerUrl(),
        progressIntervalMs: 250,
        onProgress: (progress) => {
          options.onProgress?.(progress)
          this.hub.emit('import.progress', { importId, ...progress })
        },
      }
      const summary = request.files
        ? await importFiles(request.files, { ...importOptions, baseDir: request.sourcePath })
        : await importFolder(request.sourcePath, importOptions)
      finished = this.#store(importId, request, storageDir, summary)
    } catch (error) {
      const cancelled = controller.signal.aborted
      const diskFull = !cancelled && isDiskFull(error)
      this.#clearPendingUnlessFull(storageDir)
      finished = {
        ...NOTHING_IMPORTED,
        importId,
        outcome: cancelled ? 'cancelled' : 'failed',
        message: cancelled
          ? 'Import cancelled; nothing was kept.'
          : diskFull
            ? `Import failed: ${diskFullMessage(`the dataset could not be written; nothing of it was kept (${request.sourceLabel} is untouched)`, 'import it again')}`
            : `Import failed: ${error instanceof Error ? error.message : String(error)}`,
        rejectedFiles: [],
        skippedFiles: [],
      }
    } finally {
      this.#imports.delete(importId)
    }
    const { rejectedFiles: _rejectedFiles, skippedFiles: _skippedFiles, ...event } = finished
    this.hub.emit('import.finished', event)
    return finished
  }

  /** Forgets the pending folder (already removed); a database too full to say so keeps the record, which a later start clears. */
  #clearPendingUnlessFull(storageDir: string): void {
    try {
      this.#pending.clear(storageDir)
    } catch (error) {
      if (!isDiskFull(error)) throw error
    }
  }

  #store(importId: string, request: ImportRequest, storageDir: string, summary: ImportSummary): CompletedImport {
    const skippedFiles = summary.hidden.map((file) => ({ file, reason: HIDDEN_REASON }))
    const skipped = skippedFiles.length
      ? `; ${skippedFiles.length} hidden file${skippedFiles.length === 1 ? '' : 's'} skipped`
      : ''
    if (summary.imported.length === 0) {
      rmSync(summary.outputDir, { recursive: true, force: true })
      this.#pending.clear(storageDir)
      const rejected = summary.rejected.length
      return {
        ...NOTHING_IMPORTED,
        importId,
        outcome: 'failed',
        rejected,
        message: `Import failed: no readable images in ${request.sourceLabel} (${rejected} file${rejected === 1 ? '' : 's'} rejected${skipped})`,
        rejectedFiles: summary.rejected,
        skippedFiles,
      }
    }
    let datasetId: number
    try {
      datasetId = this.db.transaction(() => {
        this.#pending.clear(storageDir)
        return this.queries.insert(
          {
            name: request.name,
            sourceLabel: request.sourceLabel,
            sourcePath: request.sourcePath,
            storageDir,
            channels: summary.channels,
            allGrayscale: summary.grayscale,
            sizes: summary.sizes as ImageSize[],
          },
          summary.imported,
          summary.rejected,
        )
      })()
    } catch (error) {
      rmSync(summary.outputDir, { recursive: true, force: true })
      throw error
    }
    this.hub.emit('datasets.changed', { datasetId })
    const rejected = summary.rejected.length
    const copies = summary.imported.filter(
      (image) => image.duplicateOfPosition !== null || image.nearDuplicateOfPosition !== null,
    ).length
    return {
      importId,
      outcome: 'imported',
      datasetId,
      imported: summary.imported.length,
      rejected,
      duplicates: summary.duplicates,
      message: `Imported ${summary.imported.length} images into "${request.name}"${rejected ? `; ${rejected} files rejected` : ''}${
        copies
          ? `; ${copies} duplicate${copies === 1 ? '' : 's'} or near-duplicate${copies === 1 ? '' : 's'} left out of training`
          : ''
      }${skipped}.`,
      rejectedFiles: summary.rejected,
      skippedFiles,
    }
  }

  #summary(datasetId: number): DatasetSummary {
    const summary = this.queries.summary(datasetId)
    if (!summary) throw new StudioError('NOT_FOUND', `There is no dataset ${datasetId}.`)
    return summary
  }

  #image(datasetId: number, imageId: number): DatasetImage {
    const image = this.queries.image(datasetId, imageId)
    if (!image) throw new StudioError('NOT_FOUND', `Dataset ${datasetId} has no image ${imageId}.`)
    return image
  }

  #recropTarget(datasetId: number, imageId: number): RecropTarget {
    const source = this.queries.imageSource(datasetId, imageId)
    if (!source) throw new StudioError('NOT_FOUND', `Dataset ${datasetId} has no image ${imageId}.`)
    return {
      original: join(source.sourcePath, source.file),
      sha256: source.sha256,
      datasetFolder: join(this.datasetsDir, source.storageDir),
      position: source.position,
      sizes: JSON.parse(source.sizesJson) as number[],
    }
  }

  /**
   * A crop is recomputed from the original photo, which the studio does not keep; and a run that is training
   * reads the training cache that a new crop rewrites, so crops stay put until it stops.
   */
  #cropUnavailable(datasetId: number): string | null {
    const sourcePath = this.queries.sourcePath(datasetId)
    if (sourcePath === undefined) return null
    if (isInside(this.scratchDir, sourcePath)) {
      return 'Demo faces are drawn for the import and not kept, so their crops cannot be moved: the crop can only be moved while the original photos exist.'
    }
    if (!existsSync(sourcePath)) {
      return `The folder these photos were imported from (${sourcePath}) is gone: the crop can only be moved while the original photos exist, as the studio keeps only the cropped squares.`
    }
    const [training, ...others] = this.queries.liveRunNames(datasetId)
    if (training !== undefined) {
      const also = others.length === 0 ? '' : ` (and ${others.length} other run${others.length === 1 ? '' : 's'})`
      return `Run "${training}"${also} is training on these photos: the crops can be moved once it is stopped or finished, and runs started or resumed afterwards use the new crop.`
    }
    return null
  }

  #assertCropMovable(datasetId: number): void {
    const reason = this.#cropUnavailable(datasetId)
    if (reason) throw new StudioError('CONFLICT', reason)
  }

  /** The crop editor's whole-photo preview of an image, or (without an image) the dataset's folder of them. */
  #cropPreviewPath(storageDir: string, imageId?: number): string {
    const folder = join(this.scratchDir, 'crop-previews', storageDir)
    return imageId === undefined ? folder : join(folder, `${imageId}.jpg`)
  }

  #assertNameFree(name: string, exceptId?: number): void {
    const existing = this.queries.findByName(name)
    if (existing && existing.id !== exceptId)
      throw new StudioError('CONFLICT', `A dataset named "${name}" already exists: choose another name.`)
  }

  /**
   * Folders recorded as pending that no row names, left by a crash: a deletion's, or an import's with its partial
   * folders (a recent import may still be in flight in another studio process, so those wait six hours).
   */
  #removeOrphanFolders(): void {
    const known = new Set(this.queries.storageDirs())
    const cutoff = Date.now() - ORPHAN_AGE_MS
    for (const pending of this.#pending.list()) {
      if (known.has(pending.name)) {
        this.#pending.clear(pending.name)
        continue
      }
      if (pending.reason === 'import' && pending.since > cutoff) continue
      const partial = `.${pending.name}.partial-`
      for (const entry of readdirSync(this.datasetsDir)) {
        if (entry === pending.name || entry.startsWith(partial))
          rmSync(join(this.datasetsDir, entry), { recursive: true, force: true })
      }
      this.#pending.clear(pending.name)
    }
  }
}
