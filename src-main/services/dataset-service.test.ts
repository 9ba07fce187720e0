import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDispatcher } from '../bridge/dispatcher'
import { PendingFolders } from '../db/queries/pending-folders'
import type { EventChannel } from '../../src-shared/contract/channels'
import type { ImportFinished } from '../../src-shared/contract/datasets'
import { faceJpeg, redBlueHalvesPng } from './datasets/test-fixtures'
import { readTrainingCache } from './datasets/training-cache'
import { sampleFacesDir } from './resources'
import { SAMPLE_FACES_LABEL } from './dataset-service'
import { Studio } from './studio'

let root: string
let studio: Studio
let events: { channel: EventChannel; payload: unknown }[]

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'studio-datasets-'))
  studio = new Studio({
    dataDir: join(root, 'data'),
    mode: 'browser',
    probeBackends: async () => ({ backend: 'cpu', device: 'test', unavailable: [], versions: {} }),
  })
  events = []
  studio.hub.subscribe((channel, payload) => events.push({ channel, payload }))
})
afterEach(() => {
  studio.close()
  rmSync(root, { recursive: true, force: true })
})

async function photoFolder(name: string, count: number): Promise<string> {
  const folder = join(root, name)
  mkdirSync(folder, { recursive: true })
  for (let i = 0; i < count; i++) {
    const jpeg = await sharp({
      create: { width: 80 + i, height: 90, channels: 3, background: { r: (i * 37) % 256, g: (i * 91) % 256, b: 120 } },
    })
      .jpeg()
      .toBuffer()
    writeFileSync(join(folder, `photo-${i}.jpg`), jpeg)
  }
  return folder
}

describe('DatasetService', () => {
  it('imports a folder of face photos into rows, thumbnails and caches', async () => {
    const result = await studio.datasets.runImport({
      sourcePath: sampleFacesDir(),
      sourceLabel: 'sample-faces',
      name: 'Faces',
    })
    expect(result.outcome).toBe('imported')
    expect(result.imported).toBe(64)
    // NOTICE is the one file in that folder which is not a photo.
    expect(result.rejectedFiles).toEqual([expect.objectContaining({ file: 'NOTICE', code: 'not-an-image' })])

    const [summary] = studio.datasets.list()
    expect(summary).toMatchObject({ name: 'Faces', imageCount: 64, rejectedCount: 1, channels: 3, sizes: [32, 64] })
    const page = studio.datasets.images(summary!.id, 50, 100)
    expect(page.total).toBe(64)
    expect(page.images).toHaveLength(14)
    const thumb = studio.media.resolve(page.images[0]!.mediaId)
    expect(thumb && existsSync(thumb.path)).toBe(true)
    expect(events.some((event) => event.channel === 'import.finished')).toBe(true)
  })

  it('imports the shipped sample faces in one call, with no grant and without their NOTICE', async () => {
    const finished = new Promise<ImportFinished>((resolve) =>
      studio.hub.subscribe((channel, payload) => channel === 'import.finished' && resolve(payload as ImportFinished)),
    )
    const dispatch = createDispatcher(studio.handlers())
    // the folder is the app's own: a caller cannot name another one
    expect(
      await dispatch('datasets.importSampleFaces', { name: 'Elsewhere', path: root }, { transport: 'browser' }),
    ).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Invalid arguments for datasets.importSampleFaces.',
        issues: [{ path: [], message: 'Unrecognized key: "path"' }],
      },
    })
    const reply = await dispatch('datasets.importSampleFaces', { name: 'Sample faces' }, { transport: 'browser' })
    const { importId } = (reply as { ok: true; value: { importId: string } }).value
    const outcome = await finished
    expect(outcome).toMatchObject({ importId, outcome: 'imported', imported: 64, rejected: 0, duplicates: 0 })

    const detail = studio.datasets.get(outcome.datasetId!)
    expect(detail).toMatchObject({
      name: 'Sample faces',
      sourceLabel: SAMPLE_FACES_LABEL,
      imageCount: 64,
      rejectedCount: 0,
      excludedCount: 0,
    })
    // the originals ship with the app, so a sample face's crop can be moved
    expect(detail.cropUnavailable).toBeNull()
    const files = studio.datasets.images(outcome.datasetId!, 0, 100).images.map((image) => image.file)
    expect(files).toEqual(
      readdirSync(sampleFacesDir())
        .filter((file) => file.endsWith('.jpg'))
        .sort(),
    )
    expect(() => studio.datasets.startSampleFaces({ name: 'Sample faces' })).toThrow(
      'A dataset named "Sample faces" already exists: choose another name.',
    )
  })

  it('says clearly when this installation has no sample faces, and imports nothing', () => {
    const bare = new Studio({
      dataDir: join(root, 'bare'),
      mode: 'browser',
      sampleFacesDir: join(root, 'nowhere'),
      probeBackends: studio.options.probeBackends,
    })
    try {
      expect(() => bare.datasets.startSampleFaces({ name: 'Sample faces' })).toThrow(
        `The sample faces are missing from this installation: there are no photos in ${join(root, 'nowhere')}.`,
      )
      expect(bare.datasets.list()).toEqual([])
    } finally {
      bare.close()
    }
  })

  it('leaves duplicates and near-duplicates out of training, says which photo each copies, and brings them all back in one call', async () => {
    const folder = join(root, 'copies')
    mkdirSync(folder)
    for (const seed of [1, 2, 3]) writeFileSync(join(folder, `a-face-${seed}.jpg`), await faceJpeg(seed))
    writeFileSync(join(folder, 'b-copy-of-face-1.jpg'), await faceJpeg(1))
    writeFileSync(
      join(folder, 'c-face-2-recompressed.jpg'),
      await sharp(await faceJpeg(2))
        .jpeg({ quality: 40 })
        .toBuffer(),
    )
    const result = await studio.datasets.runImport({ sourcePath: folder, sourceLabel: 'copies', name: 'Copies' })
    expect(result.message).toBe(
      'Imported 5 images into "Copies"; 2 duplicates or near-duplicates left out of training.',
    )
    const datasetId = result.datasetId!
    expect(studio.datasets.get(datasetId)).toMatchObject({
      imageCount: 5,
      duplicateCount: 1,
      nearDuplicateCount: 1,
      excludedCount: 2,
      excludedCopyCount: 2,
    })
    expect(studio.datasets.queries.includedPositions(datasetId)).toEqual([0, 1, 2])

    const images = studio.datasets.images(datasetId, 0, 10).images
    const byFile = (file: string) => images.find((image) => image.file === file)!
    expect(byFile('b-copy-of-face-1.jpg')).toMatchObject({
      excluded: true,
      copyOf: {
        kind: 'duplicate',
        imageId: byFile('a-face-1.jpg').id,
        file: 'a-face-1.jpg',
        mediaId: byFile('a-face-1.jpg').mediaId,
        crop: { x: 0.5, y: 0.5 },
      },
    })
    expect(byFile('c-face-2-recompressed.jpg')).toMatchObject({
      excluded: true,
      copyOf: { kind: 'near-duplicate', file: 'a-face-2.jpg' },
    })
    expect(byFile('a-face-1.jpg')).toMatchObject({ excluded: false, copyOf: null })
    expect(studio.datasets.queries.image(datasetId, byFile('b-copy-of-face-1.jpg').id)!.copyOf?.file).toBe(
      'a-face-1.jpg',
    )

    // a photo the user excluded by hand stays excluded when the copies come back
    studio.datasets.setExcluded(datasetId, [byFile('a-face-3.jpg').id], true)
    expect(studio.datasets.setCopiesExcluded(datasetId, false)).toEqual({ changed: 2 })
    expect(studio.datasets.get(datasetId)).toMatchObject({ excludedCount: 1, excludedCopyCount: 0 })
    expect(studio.datasets.queries.includedPositions(datasetId)).toEqual([0, 1, 3, 4])
    expect(studio.datasets.setCopiesExcluded(datasetId, false)).toEqual({ changed: 0 })
    expect(studio.datasets.setCopiesExcluded(datasetId, true)).toEqual({ changed: 2 })
    expect(studio.datasets.queries.includedPositions(datasetId)).toEqual([0, 1])
    expect(() => studio.datasets.setCopiesExcluded(999, true)).toThrow('There is no dataset 999.')
  })

  it('stores every rejected file with its reason, and imports the rest', async () => {
    const folder = await photoFolder('mixed', 3)
    writeFileSync(join(folder, 'empty.jpg'), '')
    writeFileSync(join(folder, 'notes.jpg'), 'this is text, not a photo')
    const result = await studio.datasets.runImport({ sourcePath: folder, sourceLabel: 'mixed', name: 'Mixed' })
    expect(result.imported).toBe(3)
    const datasetId = result.datasetId!
    expect(studio.datasets.issues(datasetId).map((issue) => [issue.file, issue.code])).toEqual([
      ['empty.jpg', 'empty-file'],
      ['notes.jpg', 'not-an-image'],
    ])
    expect(studio.datasets.get(datasetId).rejectedByCode).toEqual({ 'empty-file': 1, 'not-an-image': 1 })
  })

  it('fails clearly, keeping nothing, when a folder has no readable image', async () => {
    const folder = join(root, 'texts')
    mkdirSync(folder)
    writeFileSync(join(folder, 'a.txt'), 'hello')
    const result = await studio.datasets.runImport({ sourcePath: folder, sourceLabel: 'texts', name: 'Texts' })
    expect(result.outcome).toBe('failed')
    expect(result.message).toMatch(/no readable images in texts/)
    expect(studio.datasets.list()).toEqual([])
    expect(readdirSync(studio.dirs.datasets)).toEqual([])
  })

  it('cancels an import and leaves no rows and no files behind', async () => {
    const folder = await photoFolder('many', 60)
    const controller = new AbortController()
    const running = studio.datasets.runImport(
      { sourcePath: folder, sourceLabel: 'many', name: 'Many' },
      { signal: controller.signal, onProgress: (progress) => progress.done >= 5 && controller.abort() },
    )
    const result = await running
    expect(result.outcome).toBe('cancelled')
    expect(studio.datasets.list()).toEqual([])
    expect(readdirSync(studio.dirs.datasets)).toEqual([])
  })

  it('refuses a second dataset with the same name, and renames, excludes and deletes', async () => {
    const folder = await photoFolder('few', 2)
    const { datasetId } = await studio.datasets.runImport({ sourcePath: folder, sourceLabel: 'few', name: 'Few' })
    await expect(studio.datasets.runImport({ sourcePath: folder, sourceLabel: 'few', name: 'Few' })).rejects.toThrow(
      /already exists/,
    )

    expect(studio.datasets.rename(datasetId!, 'Renamed').name).toBe('Renamed')
    const [first] = studio.datasets.images(datasetId!, 0, 10).images
    expect(studio.datasets.setExcluded(datasetId!, [first!.id], true)).toEqual({ changed: 1 })
    expect(studio.datasets.get(datasetId!).excludedCount).toBe(1)
    expect(studio.datasets.queries.includedPositions(datasetId!)).toEqual([1])
    studio.datasets.setExcluded(datasetId!, [first!.id], false)
    expect(studio.datasets.queries.includedPositions(datasetId!)).toEqual([0, 1])

    const runId = studio.runs.queries.insert({
      name: 'Uses Few',
      datasetId: datasetId!,
      preset: 'quick',
      config: {},
      seed: 1,
      epochs: 1,
      notes: '',
      tags: [],
    })
    expect(() => studio.datasets.delete(datasetId!)).toThrow(
      "This dataset is used by 1 run: delete that run first; runs train on the dataset's own cache.",
    )
    expect(studio.datasets.list()).toHaveLength(1)
    studio.runs.queries.delete(runId)

    const { freedBytes } = studio.datasets.delete(datasetId!)
    expect(freedBytes).toBeGreaterThan(0)
    expect(studio.datasets.list()).toEqual([])
    expect(readdirSync(studio.dirs.datasets)).toEqual([])
    expect(studio.media.resolve(`thumb-${first!.id}`)).toBeUndefined()
  })
})

describe('moving an image crop', () => {
  /** sample photos and one whose left half is red and right half blue */
  async function halvesFolder(): Promise<string> {
    const folder = await photoFolder('halves', 2)
    writeFileSync(join(folder, 'halves.png'), await redBlueHalvesPng())
    return folder
  }

  async function cachedPixel(datasetId: number, position: number, size: number): Promise<number[]> {
    const storage = studio.datasets.queries.storage(datasetId)!
    const cache = await readTrainingCache(join(root, 'data', 'datasets', storage.storageDir, `cache-${size}.bin`))
    const offset = position * size * size * cache.channels + ((size / 2) * size + size / 2) * cache.channels
    return Array.from(cache.pixels.subarray(offset, offset + 3))
  }

  it('re-crops the thumbnail and every training cache from the original, and remembers the crop', async () => {
    const folder = await halvesFolder()
    const { datasetId } = await studio.datasets.runImport({ sourcePath: folder, sourceLabel: 'halves', name: 'Halves' })
    const image = studio.datasets.images(datasetId!, 0, 10).images.find((candidate) => candidate.file === 'halves.png')!
    expect(image.crop).toEqual({ x: 0.5, y: 0.5 })

    const source = await studio.datasets.cropSource(datasetId!, image.id)
    expect(source).toMatchObject({ width: 96, height: 48, crop: { x: 0.5, y: 0.5 } })
    const preview = await sharp(studio.media.resolve(source.mediaId)!.path).metadata()
    expect([preview.format, preview.width, preview.height]).toEqual(['jpeg', 96, 48])

    const left = await studio.datasets.setCrop(datasetId!, image.id, { x: 0, y: 0.5 })
    expect(left.crop).toEqual({ x: 0, y: 0.5 })
    for (const size of [32, 64]) expect(await cachedPixel(datasetId!, image.position, size)).toEqual([255, 0, 0])
    const thumbnail = await sharp(studio.media.resolve(image.mediaId)!.path).raw().toBuffer({ resolveWithObject: true })
    expect(Array.from(thumbnail.data.subarray(0, 3))).toEqual([255, 0, 0])

    await studio.datasets.setCrop(datasetId!, image.id, { x: 1, y: 0.5 })
    for (const size of [32, 64]) expect(await cachedPixel(datasetId!, image.position, size)).toEqual([0, 0, 255])
    expect(
      studio.datasets.images(datasetId!, 0, 10).images.find((candidate) => candidate.id === image.id)!.crop,
    ).toEqual({ x: 1, y: 0.5 })
    expect(events.filter((event) => event.channel === 'datasets.changed').length).toBeGreaterThanOrEqual(3)

    const previewPath = studio.media.resolve(source.mediaId)!.path
    studio.datasets.delete(datasetId!)
    expect(existsSync(previewPath)).toBe(false)
    expect(studio.media.resolve(source.mediaId)).toBeUndefined()
  })

  it('refuses with a clear reason when the original changed or is gone, and keeps the current crop', async () => {
    const folder = await halvesFolder()
    const { datasetId } = await studio.datasets.runImport({ sourcePath: folder, sourceLabel: 'halves', name: 'Halves' })
    const image = studio.datasets.images(datasetId!, 0, 10).images.find((candidate) => candidate.file === 'halves.png')!
    const before = await cachedPixel(datasetId!, image.position, 32)

    writeFileSync(
      join(folder, 'halves.png'),
      await sharp({ create: { width: 96, height: 48, channels: 3, background: 'green' } })
        .png()
        .toBuffer(),
    )
    await expect(studio.datasets.setCrop(datasetId!, image.id, { x: 0, y: 0.5 })).rejects.toThrow(
      /has changed since it was imported/,
    )
    rmSync(join(folder, 'halves.png'))
    await expect(studio.datasets.setCrop(datasetId!, image.id, { x: 0, y: 0.5 })).rejects.toThrow(
      /cannot be read any more/,
    )
    await expect(studio.datasets.cropSource(datasetId!, image.id)).rejects.toThrow(/cannot be read any more/)

    expect(await cachedPixel(datasetId!, image.position, 32)).toEqual(before)
    expect(
      studio.datasets.images(datasetId!, 0, 10).images.find((candidate) => candidate.id === image.id)!.crop,
    ).toEqual({ x: 0.5, y: 0.5 })
    await expect(studio.datasets.setCrop(datasetId!, 9999, { x: 0, y: 0 })).rejects.toThrow(/has no image 9999/)
  })

  it('is refused, with the reason in the dataset detail, while a run is training on the dataset', async () => {
    const folder = await halvesFolder()
    const { datasetId } = await studio.datasets.runImport({ sourcePath: folder, sourceLabel: 'halves', name: 'Halves' })
    const image = studio.datasets.images(datasetId!, 0, 10).images.find((candidate) => candidate.file === 'halves.png')!
    expect(studio.datasets.get(datasetId!).cropUnavailable).toBeNull()
    const runId = studio.runs.queries.insert({
      name: 'Halves run',
      datasetId: datasetId!,
      preset: 'quick',
      config: {},
      seed: 1,
      epochs: 1,
      notes: '',
      tags: [],
    })
    const reason =
      'Run "Halves run" is training on these photos: the crops can be moved once it is stopped or finished, and runs started or resumed afterwards use the new crop.'

    for (const status of ['queued', 'running', 'paused'] as const) {
      studio.runs.queries.setStatus(runId, status)
      expect(studio.datasets.get(datasetId!).cropUnavailable).toBe(reason)
      await expect(studio.datasets.setCrop(datasetId!, image.id, { x: 0, y: 0.5 })).rejects.toThrow(reason)
    }
    expect(await cachedPixel(datasetId!, image.position, 32)).not.toEqual([255, 0, 0])

    studio.runs.queries.setStatus(runId, 'stopped')
    expect(studio.datasets.get(datasetId!).cropUnavailable).toBeNull()
    await studio.datasets.setCrop(datasetId!, image.id, { x: 0, y: 0.5 })
    expect(await cachedPixel(datasetId!, image.position, 32)).toEqual([255, 0, 0])
  })

  it('says up front that a demo dataset, or one whose folder is gone, cannot have its crops moved', async () => {
    const finished = new Promise<number>((resolve) =>
      studio.hub.subscribe((channel, payload) => {
        if (channel === 'import.finished') resolve((payload as { datasetId: number }).datasetId)
      }),
    )
    studio.datasets.startDemo({ name: 'Demo', count: 16, seed: 4 })
    const demoId = await finished
    const demoReason =
      'Demo faces are drawn for the import and not kept, so their crops cannot be moved: the crop can only be moved while the original photos exist.'
    expect(studio.datasets.get(demoId).cropUnavailable).toBe(demoReason)
    const [face] = studio.datasets.images(demoId, 0, 1).images
    await expect(studio.datasets.cropSource(demoId, face!.id)).rejects.toThrow(demoReason)

    const folder = await halvesFolder()
    const { datasetId } = await studio.datasets.runImport({ sourcePath: folder, sourceLabel: 'halves', name: 'Halves' })
    rmSync(folder, { recursive: true })
    const goneReason = `The folder these photos were imported from (${folder}) is gone: the crop can only be moved while the original photos exist, as the studio keeps only the cropped squares.`
    expect(studio.datasets.get(datasetId!).cropUnavailable).toBe(goneReason)
    const [photo] = studio.datasets.images(datasetId!, 0, 1).images
    await expect(studio.datasets.setCrop(datasetId!, photo!.id, { x: 0, y: 0.5 })).rejects.toThrow(goneReason)
  })
})

describe('removing folders left by a crash', () => {
  it('removes only folders the database recorded as pending, never one it does not know', async () => {
    const imported = await studio.datasets.runImport({
      sourcePath: await photoFolder('kept', 3),
      sourceLabel: 'kept',
      name: 'Kept',
    })
    const pending = new PendingFolders(studio.db)
    expect(pending.list()).toEqual([])
    const datasetsDir = studio.dirs.datasets
    const folder = (name: string) => {
      mkdirSync(join(datasetsDir, name, 'thumbs'), { recursive: true })
      writeFileSync(join(datasetsDir, name, 'thumbs', '0.png'), 'png')
    }
    const sevenHoursAgo = Date.now() - 7 * 3600_000
    folder('dataset-crashed')
    folder('.dataset-crashed.partial-1a2b3c4d')
    pending.record('dataset-crashed', 'import', sevenHoursAgo)
    folder('dataset-deleted')
    pending.record('dataset-deleted', 'delete')
    folder('.dataset-in-flight.partial-5e6f7a8b')
    pending.record('dataset-in-flight', 'import')
    folder('dataset-unknown')
    const longAgo = new Date(sevenHoursAgo)
    utimesSync(join(datasetsDir, 'dataset-unknown'), longAgo, longAgo)
    const keptDir = readdirSync(datasetsDir).find(
      (entry) =>
        entry.startsWith('dataset-') && !['dataset-crashed', 'dataset-deleted', 'dataset-unknown'].includes(entry),
    )!
    studio.close()

    studio = new Studio({
      dataDir: join(root, 'data'),
      mode: 'browser',
      probeBackends: async () => ({ backend: 'cpu', device: 'test', unavailable: [], versions: {} }),
    })
    expect(readdirSync(datasetsDir).sort()).toEqual(
      ['.dataset-in-flight.partial-5e6f7a8b', keptDir, 'dataset-unknown'].sort(),
    )
    expect(new PendingFolders(studio.db).list().map((record) => record.name)).toEqual(['dataset-in-flight'])
    expect(studio.datasets.get(imported.datasetId!).imageCount).toBe(3)
  })

  it('records a deletion before the row goes and clears it once the folder is gone', async () => {
    const { datasetId } = await studio.datasets.runImport({
      sourcePath: await photoFolder('gone', 2),
      sourceLabel: 'gone',
      name: 'Gone',
    })
    studio.datasets.delete(datasetId!)
    expect(new PendingFolders(studio.db).list()).toEqual([])
    expect(readdirSync(studio.dirs.datasets)).toEqual([])
  })
})
