import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanupTempDirs, faceJpeg, makeTempDir } from '../../services/datasets/test-fixtures'
import { openStudio } from '../open-studio'
import { runCli, runCliJson } from '../test-cli'

let root: string
let dataDir: string

beforeAll(() => {
  root = makeTempDir('studio-cli-import-')
  dataDir = join(root, 'data')
})
afterAll(cleanupTempDirs)

const datasetFolders = () => (existsSync(join(dataDir, 'datasets')) ? readdirSync(join(dataDir, 'datasets')) : [])

describe('dcgan-studio import', () => {
  it('exits 0 with rejected files and prints the JSON summary: datasetId, name, imported, rejected file and reason, duplicates (near ones kept too)', async () => {
    const folder = join(root, 'photos')
    mkdirSync(folder)
    for (const seed of [1, 2, 3]) writeFileSync(join(folder, `face-${seed}.jpg`), await faceJpeg(seed))
    writeFileSync(join(folder, 'copy-of-face-1.jpg'), await faceJpeg(1))
    writeFileSync(join(folder, 'face-2-recompressed.jpg'), await sharp(await faceJpeg(2)).jpeg({ quality: 40 }).toBuffer())
    writeFileSync(join(folder, 'empty.jpg'), '')
    writeFileSync(join(folder, 'notes.jpg'), 'text, not a photo')

    const { code, output } = await runCliJson(['import', folder, '--name', 'Photos', '--sizes', '32', '--data-dir', dataDir])
    expect(code).toBe(0)
    expect(output).toEqual({
      datasetId: expect.any(Number),
      name: 'Photos',
      imported: 5,
      rejected: [
        { file: 'empty.jpg', code: 'empty-file', reason: 'The file is empty (0 bytes).' },
        { file: 'notes.jpg', code: 'not-an-image', reason: 'The file is not an image. It looks like a text file.' },
      ],
      duplicates: 1,
    })
    const studio = openStudio(dataDir)
    try {
      expect(studio.datasets.get(output.datasetId as number)).toMatchObject({ name: 'Photos', imageCount: 5, rejectedCount: 2, duplicateCount: 1, nearDuplicateCount: 1, sizes: [32] })
    } finally {
      studio.close()
    }
  })

  it('prints what it imported and why each file was rejected, without --json', async () => {
    const folder = join(root, 'human')
    mkdirSync(folder)
    writeFileSync(join(folder, 'face.jpg'), await faceJpeg(7))
    writeFileSync(join(folder, 'empty.jpg'), '')
    const { code, stdout } = await runCli(['import', folder, '--data-dir', dataDir])
    expect(code).toBe(0)
    expect(stdout).toBe('Imported 1 images into "human"; 1 files rejected.\n  rejected empty.jpg: The file is empty (0 bytes).\n')
  })

  it.each([
    ['a missing folder', () => join(root, 'nowhere'), (path: string) => `there is no folder at ${path}.`],
    ['a file, not a folder', () => join(root, 'photos', 'face-1.jpg'), (path: string) => `${path} is a file, not a folder.`],
  ])('refuses %s with a clear message and exit code 1', async (_case, path, message) => {
    const before = datasetFolders()
    expect(await runCliJson(['import', path(), '--data-dir', dataDir])).toEqual({ code: 1, output: { error: { code: 'USAGE', message: message(path()) } } })
    const human = await runCli(['import', path(), '--data-dir', dataDir])
    expect([human.code, human.stderr]).toEqual([1, `dcgan-studio: ${message(path())}\n`])
    expect(datasetFolders()).toEqual(before)
  })

  it('refuses a folder with no readable image with exit code 1, keeping nothing', async () => {
    const folder = join(root, 'texts')
    mkdirSync(folder)
    writeFileSync(join(folder, 'a.jpg'), 'not a photo')
    writeFileSync(join(folder, 'b.txt'), 'nor this')
    const before = datasetFolders()
    expect(await runCliJson(['import', folder, '--data-dir', dataDir])).toEqual({
      code: 1,
      output: { error: { code: 'USAGE', message: 'no readable images in texts (2 files rejected)' } },
    })
    expect(datasetFolders()).toEqual(before)
  })

  it('refuses sizes it cannot make', async () => {
    expect(await runCliJson(['import', join(root, 'photos'), '--sizes', '32,48', '--data-dir', dataDir])).toEqual({
      code: 2,
      output: { error: { code: 'USAGE', message: '--sizes takes 32, 64, 128 (comma-separated), got "32,48".' } },
    })
  })
})

describe('dcgan-studio demo-dataset', () => {
  it('draws --count faces and imports them through the same pipeline', async () => {
    const { code, output } = await runCliJson(['demo-dataset', '--count', '20', '--seed', '3', '--data-dir', dataDir])
    expect(code).toBe(0)
    expect(output).toEqual({ datasetId: expect.any(Number), name: 'Demo faces (seed 3)', imported: 20, seed: 3 })
    const studio = openStudio(dataDir)
    try {
      expect(studio.datasets.get(output.datasetId as number)).toMatchObject({ imageCount: 20, rejectedCount: 0, duplicateCount: 0, channels: 3 })
      expect(readdirSync(studio.dirs.scratch)).toEqual([]) // the drawn faces are not kept
    } finally {
      studio.close()
    }
  })

  it('refuses a count out of range', async () => {
    expect(await runCliJson(['demo-dataset', '--count', '3', '--data-dir', dataDir])).toEqual({
      code: 2,
      output: { error: { code: 'USAGE', message: '--count must be an integer from 16 to 5000, got "3".' } },
    })
  })
})
