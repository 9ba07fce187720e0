import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanupTempDirs, faceJpeg, makeTempDir } from '../../services/datasets/test-fixtures'
import { HIDDEN_REASON } from '../../services/dataset-service'
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
    writeFileSync(
      join(folder, 'face-2-recompressed.jpg'),
      await sharp(await faceJpeg(2))
        .jpeg({ quality: 40 })
        .toBuffer(),
    )
    writeFileSync(join(folder, 'empty.jpg'), '')
    writeFileSync(join(folder, 'notes.jpg'), 'text, not a photo')

    const { code, output } = await runCliJson([
      'import',
      folder,
      '--name',
      'Photos',
      '--sizes',
      '32',
      '--data-dir',
      dataDir,
    ])
    expect(code).toBe(0)
    expect(output).toEqual({
      datasetId: expect.any(Number),
      name: 'Photos',
      imported: 5,
      rejected: [
        { file: 'empty.jpg', code: 'empty-file', reason: 'The file is empty (0 bytes).' },
        { file: 'notes.jpg', code: 'not-an-image', reason: 'The file is not an image. It looks like a text file.' },
      ],
      skipped: [],
      duplicates: 1,
    })
    const studio = openStudio(dataDir)
    try {
      expect(studio.datasets.get(output.datasetId as number)).toMatchObject({
        name: 'Photos',
        imageCount: 5,
        rejectedCount: 2,
        duplicateCount: 1,
        nearDuplicateCount: 1,
        sizes: [32],
      })
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
    expect(stdout).toBe(
      'Imported 1 images into "human"; 1 files rejected.\n  rejected empty.jpg: The file is empty (0 bytes).\n',
    )
  })

  it.each([
    ['a missing folder', () => join(root, 'nowhere'), (path: string) => `there is no folder at ${path}.`],
    [
      'a file, not a folder',
      () => join(root, 'photos', 'face-1.jpg'),
      (path: string) => `${path} is a file, not a folder.`,
    ],
  ])('refuses %s with a clear message and exit code 1', async (_case, path, message) => {
    const before = datasetFolders()
    expect(await runCliJson(['import', path(), '--data-dir', dataDir])).toEqual({
      code: 1,
      output: { error: { code: 'USAGE', message: message(path()) } },
    })
    const human = await runCli(['import', path(), '--data-dir', dataDir])
    expect([human.code, human.stderr]).toEqual([1, `dcgan-studio: ${message(path())}\n`])
    expect(datasetFolders()).toEqual(before)
  })

  it('refuses a folder with no readable image with exit code 1, keeping nothing, and lists every file and why', async () => {
    const folder = join(root, 'texts')
    mkdirSync(folder)
    writeFileSync(join(folder, 'a.jpg'), 'not a photo')
    writeFileSync(join(folder, 'b.txt'), '')
    writeFileSync(join(folder, '.DS_Store'), 'finder')
    const before = datasetFolders()
    expect(await runCliJson(['import', folder, '--data-dir', dataDir])).toEqual({
      code: 1,
      output: {
        error: {
          code: 'USAGE',
          message: 'no readable images in texts (2 files rejected; 1 hidden file skipped)',
          rejected: [
            { file: 'a.jpg', code: 'not-an-image', reason: 'The file is not an image. It looks like a text file.' },
            { file: 'b.txt', code: 'empty-file', reason: 'The file is empty (0 bytes).' },
          ],
          skipped: [{ file: '.DS_Store', reason: HIDDEN_REASON }],
        },
      },
    })
    const human = await runCli(['import', folder, '--data-dir', dataDir])
    expect([human.code, human.stderr]).toEqual([
      1,
      [
        'dcgan-studio: no readable images in texts (2 files rejected; 1 hidden file skipped)',
        '  rejected a.jpg: The file is not an image. It looks like a text file.',
        '  rejected b.txt: The file is empty (0 bytes).',
        `  skipped .DS_Store: ${HIDDEN_REASON}`,
        '',
      ].join('\n'),
    ])
    expect(datasetFolders()).toEqual(before)
  })

  it('counts hidden files and folders as skipped, with their reason, in the summary and the JSON', async () => {
    const folder = join(root, 'with-hidden')
    mkdirSync(join(folder, '.thumbnails'), { recursive: true })
    writeFileSync(join(folder, 'face.jpg'), await faceJpeg(11))
    writeFileSync(join(folder, '.face-copy.jpg'), await faceJpeg(12))
    writeFileSync(join(folder, '.thumbnails', 'face.jpg'), await faceJpeg(13))
    const { code, output } = await runCliJson(['import', folder, '--name', 'With hidden', '--data-dir', dataDir])
    expect(code).toBe(0)
    expect(output).toMatchObject({
      imported: 1,
      skipped: [
        { file: '.face-copy.jpg', reason: HIDDEN_REASON },
        { file: '.thumbnails/', reason: HIDDEN_REASON },
      ],
    })
    const human = await runCli(['import', folder, '--name', 'With hidden again', '--data-dir', dataDir])
    expect(human.stdout).toBe(
      [
        'Imported 1 images into "With hidden again"; 2 hidden files skipped.',
        `  skipped .face-copy.jpg: ${HIDDEN_REASON}`,
        `  skipped .thumbnails/: ${HIDDEN_REASON}`,
        '',
      ].join('\n'),
    )
  })

  it('prints file and dataset names with control characters escaped: they cannot forge lines; --json keeps them exactly', async () => {
    const folder = join(root, 'odd-names')
    mkdirSync(folder)
    const forged = 'x.jpg: fine\n  rejected \x1b[32mall-good.jpg\x1b[0m\r.jpg'
    writeFileSync(join(folder, forged), 'not a photo')
    writeFileSync(join(folder, 'face.jpg'), await faceJpeg(21))
    const human = await runCli(['import', folder, '--name', 'Odd\x1b[2J', '--data-dir', dataDir])
    expect(human.stdout).toBe(
      [
        'Imported 1 images into "Odd\\x1b[2J"; 1 files rejected.',
        '  rejected x.jpg: fine\\n  rejected \\x1b[32mall-good.jpg\\x1b[0m\\r.jpg: The file is not an image. It looks like a text file.',
        '',
      ].join('\n'),
    )
    const { output } = await runCliJson(['import', folder, '--name', 'Odd again', '--data-dir', dataDir])
    expect(output.rejected).toEqual([
      { file: forged, code: 'not-an-image', reason: 'The file is not an image. It looks like a text file.' },
    ])
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
      expect(studio.datasets.get(output.datasetId as number)).toMatchObject({
        imageCount: 20,
        rejectedCount: 0,
        duplicateCount: 0,
        channels: 3,
      })
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
