import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDispatcher, type Dispatch } from '../bridge/dispatcher'
import type { RequestArgs, RequestChannel, RequestResult } from '../../src-shared/contract/channels'
import type { ImportFinished } from '../../src-shared/contract/datasets'
import type { StudioErrorShape } from '../../src-shared/contract/errors'
import { faceJpeg } from './datasets/test-fixtures'
import { Studio } from './studio'

let root: string
let studio: Studio
let dispatch: Dispatch

const probeBackends = async () => ({ backend: 'cpu' as const, device: 'test', unavailable: [], versions: {} })

/** The desktop app's studio (drops are granted only there), called through the contract as the preload and page do. */
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'studio-dropped-'))
  studio = new Studio({ dataDir: join(root, 'data'), mode: 'electron', probeBackends, pickFolder: async () => null })
  dispatch = createDispatcher(studio.handlers())
})
afterEach(() => {
  studio.close()
  rmSync(root, { recursive: true, force: true })
})

async function call<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>> {
  const reply = await dispatch(channel, args, { transport: 'electron' })
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`)
  return reply.value as RequestResult<C>
}

async function refusal<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<StudioErrorShape> {
  const reply = await dispatch(channel, args, { transport: 'electron' })
  if (reply.ok) throw new Error(`${channel} was granted: ${JSON.stringify(reply.value)}`)
  return reply.error
}

/** Face photos (distinct per seed) written under root; returns their paths. */
async function photos(folder: string, names: readonly string[]): Promise<string[]> {
  mkdirSync(join(root, folder), { recursive: true })
  return Promise.all(
    names.map(async (name, seed) => {
      const path = join(root, folder, name)
      writeFileSync(path, await faceJpeg(seed, 80, 96))
      return path
    }),
  )
}

/** Imports a grant through `datasets.import` and waits for the outcome event, as the page does. */
async function importGrant(grantId: string, name: string): Promise<ImportFinished> {
  let importId = ''
  const finished = new Promise<ImportFinished>((resolve) => {
    const unsubscribe = studio.hub.subscribe((channel, payload) => {
      if (channel === 'import.finished' && (payload as ImportFinished).importId === importId) {
        unsubscribe()
        resolve(payload as ImportFinished)
      }
    })
  })
  ;({ importId } = await call('datasets.import', { grantId, name, sizes: [32] }))
  return finished
}

const imageFiles = async (datasetId: number) =>
  (await call('datasets.images', { datasetId, offset: 0, limit: 100 })).images.map((image) => image.file)

describe('importing files dropped on the desktop app', () => {
  it('grants exactly the dropped files, counted once, and imports those and nothing else beside them', async () => {
    const [first, second, third] = await photos('Pictures', ['b.jpg', 'a.jpg', 'c.png', 'not-dropped.jpg'])
    const grant = await call('folders.grantDropped', { paths: [first!, second!, third!, first!] })
    expect(grant).toEqual({ grantId: expect.any(String), label: '3 files from Pictures', kind: 'files' })
    expect(JSON.stringify(grant)).not.toContain(root)

    const finished = await importGrant(grant.grantId, 'Dropped')
    expect(finished).toMatchObject({
      outcome: 'imported',
      imported: 3,
      rejected: 0,
      message: 'Imported 3 images into "Dropped".',
    })
    expect(await imageFiles(finished.datasetId!)).toEqual(['a.jpg', 'b.jpg', 'c.png'])
    const [summary] = await call('datasets.list', {})
    expect(summary).toMatchObject({ name: 'Dropped', sourceLabel: '3 files from Pictures', imageCount: 3 })
  })

  it('names files from several folders relative to the folder holding them all, and can move their crops', async () => {
    const [fromHoliday] = await photos('Pictures/Holiday', ['sea.jpg'])
    const [fromFamily] = await photos('Pictures/Family', ['gran.jpg'])
    const grant = await call('folders.grantDropped', { paths: [fromHoliday!, fromFamily!] })
    expect(grant.label).toBe('2 files from Pictures')

    const { datasetId } = await importGrant(grant.grantId, 'Two folders')
    expect(await imageFiles(datasetId!)).toEqual(['Family/gran.jpg', 'Holiday/sea.jpg'])
    const detail = await call('datasets.get', { datasetId: datasetId! })
    expect(detail.cropUnavailable).toBeNull()
    // A crop is recomputed from the original, found again from the stored folder and relative name.
    const [image] = (await call('datasets.images', { datasetId: datasetId!, offset: 0, limit: 1 })).images
    const moved = await call('datasets.setCrop', {
      datasetId: datasetId!,
      imageId: image!.id,
      crop: { x: 0.4, y: 0.6 },
    })
    expect(moved.crop).toEqual({ x: 0.4, y: 0.6 })
  })

  it('reports each dropped file that is not a usable photo with its reason, and imports the rest', async () => {
    const [photo] = await photos('Downloads', ['face.jpg'])
    const empty = join(root, 'Downloads', 'empty.jpg')
    const text = join(root, 'Downloads', 'notes.txt')
    writeFileSync(empty, '')
    writeFileSync(text, 'this is text, not a photo')
    const grant = await call('folders.grantDropped', { paths: [photo!, empty, text] })

    const finished = await importGrant(grant.grantId, 'With rejects')
    expect(finished).toMatchObject({ outcome: 'imported', imported: 1, rejected: 2 })
    expect(
      (await call('datasets.issues', { datasetId: finished.datasetId! })).map((issue) => [issue.file, issue.code]),
    ).toEqual([
      ['empty.jpg', 'empty-file'],
      ['notes.txt', 'not-an-image'],
    ])
  })

  it('reports a dropped file that is gone by the time of the import, and fails clearly when no photo is left', async () => {
    const [kept, removed] = await photos('Desktop', ['kept.jpg', 'removed.jpg'])
    const grant = await call('folders.grantDropped', { paths: [kept!, removed!] })
    rmSync(removed!)
    const finished = await importGrant(grant.grantId, 'One left')
    expect(finished).toMatchObject({ outcome: 'imported', imported: 1, rejected: 1 })
    expect(await call('datasets.issues', { datasetId: finished.datasetId! })).toEqual([
      { file: 'removed.jpg', code: 'vanished', message: expect.any(String) },
    ])

    const textOnly = join(root, 'Desktop', 'readme.txt')
    writeFileSync(textOnly, 'hello')
    const { grantId } = await call('folders.grantDropped', { paths: [textOnly] })
    const failed = await importGrant(grantId, 'Nothing')
    expect(failed).toMatchObject({
      outcome: 'failed',
      datasetId: null,
      message: 'Import failed: no readable images in 1 file from Desktop (1 file rejected)',
    })
  })

  it('refuses a drop naming a path that is not there, saying which, and grants nothing', async () => {
    const [photo] = await photos('Pictures', ['face.jpg'])
    expect(await refusal('folders.grantDropped', { paths: [photo!, join(root, 'Pictures', 'gone.jpg')] })).toEqual({
      code: 'NOT_FOUND',
      message: '"gone.jpg" is no longer there: drop it again from where it is now.',
    })
  })

  it('grants one folder dropped on its own as a folder, and refuses a folder dropped together with other items', async () => {
    await photos('Album', ['one.jpg', 'two.jpg'])
    const [loose] = await photos('Loose', ['three.jpg'])
    const folderGrant = await call('folders.grantDropped', { paths: [join(root, 'Album')] })
    expect(folderGrant).toMatchObject({ label: 'Album', kind: 'folder' })
    const finished = await importGrant(folderGrant.grantId, 'Album')
    expect(await imageFiles(finished.datasetId!)).toEqual(['one.jpg', 'two.jpg'])

    const mixed = {
      code: 'VALIDATION',
      message: '"Album" is a folder: drop one folder on its own, or only photo files, not both together.',
    }
    expect(await refusal('folders.grantDropped', { paths: [loose!, join(root, 'Album')] })).toEqual(mixed)
    expect(await refusal('folders.grantDropped', { paths: [join(root, 'Album'), join(root, 'Loose')] })).toMatchObject({
      code: 'VALIDATION',
    })
  })

  it('does not let dropped files stand in for a folder to write into', async () => {
    const [photo] = await photos('Pictures', ['face.jpg'])
    const { grantId } = await call('folders.grantDropped', { paths: [photo!] })
    expect(() => studio.grants.resolve(grantId)).toThrow('Dropped files are not a folder: choose a folder.')
  })

  it('refuses drops in browser mode, where the page cannot know where a dropped file is', async () => {
    const browser = new Studio({ dataDir: join(root, 'browser-data'), mode: 'browser', probeBackends })
    try {
      const [photo] = await photos('Pictures', ['face.jpg'])
      const reply = await createDispatcher(browser.handlers())(
        'folders.grantDropped',
        { paths: [photo!] },
        { transport: 'browser' },
      )
      expect(reply).toEqual({
        ok: false,
        error: {
          code: 'UNAVAILABLE',
          message: 'Dropping files and folders works in the desktop app: type the folder path instead.',
        },
      })
    } finally {
      browser.close()
    }
  })
})
