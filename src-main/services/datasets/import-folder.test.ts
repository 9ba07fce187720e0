import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { zipSync } from 'fflate'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importFiles, importFolder, MANIFEST_FILE, type ImportSummary } from './import-folder'
import type { RejectionCode } from './rejection'
import { compareRelPaths } from './scan-folder'
import { sampleFacesDir } from '../resources'
import { readTrainingCache } from './training-cache'
import { faceJpeg, heicHeader, cleanupTempDirs, makeTempDir, pngDeclaringDimensions } from './test-fixtures'

afterAll(cleanupTempDirs)

function fingerprint(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (d: Buffer): void => {
    for (const e of readdirSync(d, { withFileTypes: true, encoding: 'buffer' })) {
      const p = Buffer.concat([d, Buffer.from('/'), e.name])
      if (e.isDirectory()) walk(p)
      else if (e.isFile()) {
        const st = statSync(p)
        out.set(
          p.toString('latin1'),
          `${createHash('sha256').update(readFileSync(p)).digest('hex')}:${st.mtimeMs}:${st.mode}`,
        )
      }
    }
  }
  walk(Buffer.from(dir))
  return out
}

function openFds(): number {
  return readdirSync('/proc/self/fd').length
}

const linux = process.platform === 'linux'

describe('importFolder on a folder of hostile and good files', () => {
  const root = makeTempDir()
  const photos = join(root, 'photos')
  const outside = join(root, 'outside')
  const outParent = join(root, 'app-data', 'datasets')
  const outputDir = join(outParent, 'ds-1')
  let summary: ImportSummary
  let before: Map<string, string>
  let fdsBefore = 0
  const progress: { done: number; total: number; rate: number; etaSeconds: number | null; phase: string }[] = []

  beforeAll(async () => {
    mkdirSync(join(photos, 'good'), { recursive: true })
    mkdirSync(join(photos, 'sub'), { recursive: true })
    mkdirSync(outside, { recursive: true })
    const faces = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => faceJpeg(i)))
    faces.forEach((f, i) => writeFileSync(join(photos, 'good', `face-0${i + 1}.jpg`), f))
    const face = (i: number): Buffer => faces[i - 1] as Buffer
    writeFileSync(join(photos, 'dup-of-face-01.jpg'), face(1))
    writeFileSync(join(photos, 'near-face-02.jpg'), await sharp(face(2)).jpeg({ quality: 40 }).toBuffer())
    writeFileSync(join(photos, 'empty.jpg'), Buffer.alloc(0))
    const f3 = face(3)
    writeFileSync(join(photos, 'truncated.jpg'), f3.subarray(0, f3.length >> 1))
    const corrupt = Buffer.from(face(4))
    for (let i = 1500; i < 1700; i++) corrupt[i] = (corrupt[i] ?? 0) ^ 0xff
    writeFileSync(join(photos, 'corrupt.jpg'), corrupt)
    writeFileSync(join(photos, 'notes.jpg'), 'these are not the photos you are looking for\n'.repeat(20))
    writeFileSync(join(photos, 'archive.jpg'), zipSync({ 'a.txt': new TextEncoder().encode('hello') }))
    writeFileSync(
      join(photos, 'vector.jpg'),
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64"><image xlink:href="http://127.0.0.1:9/leak.png" width="64" height="64"/></svg>',
    )
    writeFileSync(join(photos, 'phone.heic'), heicHeader())
    writeFileSync(join(photos, 'bomb.png'), pngDeclaringDimensions(10_000, 10_000))
    writeFileSync(
      join(photos, 'tiny.png'),
      await sharp({ create: { width: 20, height: 40, channels: 3, background: '#888' } })
        .png()
        .toBuffer(),
    )
    writeFileSync(join(photos, 'will-vanish.jpg'), face(6))
    writeFileSync(join(photos, '.hidden.jpg'), face(6))
    writeFileSync(join(outside, 'secret.jpg'), await faceJpeg(42))
    if (linux) {
      writeFileSync(
        Buffer.concat([Buffer.from(photos + '/bad-'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('.jpg')]),
        face(5),
      )
      symlinkSync('..', join(photos, 'sub', 'loop'))
      symlinkSync('self-loop', join(photos, 'self-loop'))
      symlinkSync(join(outside, 'secret.jpg'), join(photos, 'outside.jpg'))
      symlinkSync(outside, join(photos, 'outside-dir'))
      symlinkSync(join(photos, 'missing-target.jpg'), join(photos, 'dangling.jpg'))
      symlinkSync(join('good', 'face-05.jpg'), join(photos, 'inside-link.jpg'))
      execFileSync('mkfifo', [join(photos, 'pipe.jpg')])
    }
    before = fingerprint(photos)
    fdsBefore = openFds()
    summary = await importFolder(photos, {
      outputDir,
      onScanned: (files) => {
        expect(files.some((f) => f.relPath === 'will-vanish.jpg')).toBe(true)
        unlinkSync(join(photos, 'will-vanish.jpg'))
      },
      onProgress: (p) => progress.push(p),
    })
  })

  const codeOf = (file: string): RejectionCode | undefined => summary.rejected.find((r) => r.file === file)?.code

  const imported = ['dup-of-face-01.jpg', ...[1, 2, 3, 4, 5, 6].map((i) => `good/face-0${i}.jpg`), 'near-face-02.jpg']

  /** The good files: whatever else the folder holds, exactly these are imported. */
  const expectTheRestImported = (): void => {
    const expected = linux ? [...imported, 'inside-link.jpg'] : [...imported]
    expect(summary.imported.map((i) => i.file)).toEqual(expected.sort(compareRelPaths))
  }

  it('imports the good files in natural path order, whatever else is in the folder', () => {
    expectTheRestImported()
    const files = summary.imported.map((i) => i.file)
    expect(summary.imported.map((i) => i.position)).toEqual(files.map((_, i) => i))
    expect(summary.engine).toBe('workers')
  })

  it.each<[string, RejectionCode, string | RegExp]>([
    ['empty.jpg', 'empty-file', 'The file is empty (0 bytes).'],
    ['truncated.jpg', 'truncated', /^The image file is truncated \(incomplete download or copy\?\)\. \(.+\)$/],
    ['corrupt.jpg', 'corrupt', /^The image data is corrupt and cannot be decoded\. \(.+\)$/],
    ['notes.jpg', 'not-an-image', 'The file is not an image. It looks like a text file.'],
    ['archive.jpg', 'not-an-image', 'The file is not an image. It looks like a ZIP archive.'],
    ['vector.jpg', 'svg-refused', 'SVG vector images are not imported (they are never rendered).'],
    ['phone.heic', 'unsupported-format', 'This image format is not supported. Format: HEIC (HEVC-compressed HEIF).'],
    ['bomb.png', 'too-many-pixels', 'The image has more pixels than the import limit. 10000×10000 = 100.0 MP > 50 MP.'],
    ['tiny.png', 'too-small', 'The image is too small. 20×40 px; the shorter side must be at least 32 px.'],
    ['will-vanish.jpg', 'vanished', 'The file disappeared before it could be read.'],
  ])('%s is rejected as %s with its reason, and the rest of the folder is imported', (file, code, message) => {
    const rejection = summary.rejected.find((r) => r.file === file)
    expect(rejection?.code).toBe(code)
    if (typeof message === 'string') expect(rejection?.message).toBe(message)
    else expect(rejection?.message).toMatch(message)
    expectTheRestImported()
  })

  it.runIf(linux).each<[string, RejectionCode]>([
    ['sub/loop', 'symlink-loop'],
    ['self-loop', 'symlink-loop'],
    ['outside.jpg', 'symlink-outside'],
    ['outside-dir', 'symlink-outside'],
    ['dangling.jpg', 'broken-symlink'],
    ['pipe.jpg', 'not-a-file'],
  ])('link/special %s is reported as %s, never followed', (file, code) => {
    expect(codeOf(file)).toBe(code)
    expect(summary.imported.some((i) => i.file.startsWith('outside'))).toBe(false)
  })

  it.runIf(linux)('reports a non-UTF-8 file name instead of crashing', () => {
    const r = summary.rejected.find((x) => x.code === 'unreadable-name')
    expect(r?.file).toMatch(/^bad-\uFFFD+A\.jpg$/)
  })

  it.runIf(linux)('follows a symlink that stays inside the folder (flagged as duplicate)', () => {
    const link = summary.imported.find((i) => i.file === 'inside-link.jpg')
    const target = summary.imported.find((i) => i.file === 'good/face-05.jpg')
    expect(link && target).toBeTruthy()
    expect(target?.flags).toEqual([])
    expect(link?.flags).toEqual(['duplicate'])
    expect(link?.duplicateOfPosition).toBe(target?.position)
  })

  it('flags exact and near duplicates but keeps them', () => {
    const byFile = new Map(summary.imported.map((i) => [i.file, i]))
    const dup = byFile.get('dup-of-face-01.jpg')
    const orig = byFile.get('good/face-01.jpg')
    expect(dup?.sha256).toBe(orig?.sha256)
    // 'dup-of…' sorts before 'good/…': the first seen (in path order) is the reference
    expect(dup?.flags).toEqual([])
    expect(orig?.flags).toEqual(['duplicate'])
    expect(orig?.duplicateOfPosition).toBe(dup?.position)
    const near = byFile.get('near-face-02.jpg')
    const face2 = byFile.get('good/face-02.jpg')
    expect(face2?.flags).toEqual([])
    expect(near?.flags).toEqual(['near-duplicate'])
    expect(near?.nearDuplicateOfPosition).toBe(face2?.position)
    expect(near?.nearDuplicateDistance).toBeLessThanOrEqual(4)
    expect(near?.sha256).not.toBe(face2?.sha256)
    for (const f of ['good/face-05.jpg', 'good/face-06.jpg']) expect(byFile.get(f)?.flags).toEqual([])
    expect(summary.duplicates).toBe(linux ? 2 : 1)
    expect(summary.nearDuplicates).toBe(1)
  })

  it('skips hidden files and gives every other file an outcome', () => {
    expect(summary.hidden).toEqual(['.hidden.jpg'])
    expect(summary.total).toBe(summary.imported.length + summary.rejected.length)
  })

  it('writes thumbnails, packed caches and a manifest into outputDir only', async () => {
    expect(readdirSync(outParent)).toEqual(['ds-1'])
    expect(readdirSync(join(outputDir, 'thumbs')).length).toBe(summary.imported.length)
    const thumb = await sharp(join(outputDir, summary.imported[0]?.thumbnail ?? '')).metadata()
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['png', 64, 64])
    for (const size of [32, 64]) {
      const cache = await readTrainingCache(join(outputDir, `cache-${size}.bin`))
      expect(cache).toMatchObject({ count: summary.imported.length, size, channels: 3 })
      expect(cache.pixels.length).toBe(summary.imported.length * size * size * 3)
    }
    // cache entry i is thumbnail i
    const c64 = await readTrainingCache(join(outputDir, 'cache-64.bin'))
    const t2 = await sharp(join(outputDir, 'thumbs', '2.png'))
      .raw()
      .toBuffer()
    expect(Buffer.compare(t2, Buffer.from(c64.pixels.subarray(2 * 64 * 64 * 3, 3 * 64 * 64 * 3)))).toBe(0)
    const manifest = JSON.parse(readFileSync(join(outputDir, MANIFEST_FILE), 'utf8')) as { imported: unknown[] }
    expect(manifest.imported.length).toBe(summary.imported.length)
    expect(summary.caches.map((c) => c.file)).toEqual(['cache-32.bin', 'cache-64.bin'])
  })

  it('leaves the user files untouched and no descriptors open', () => {
    const after = fingerprint(photos)
    before.delete(join(photos, 'will-vanish.jpg')) // the test itself deleted this one
    expect(after).toEqual(before)
    expect(openFds()).toBeLessThanOrEqual(fdsBefore)
  })

  it('reports progress with done/total/rate/eta', () => {
    expect(progress.length).toBeGreaterThan(1)
    const last = progress[progress.length - 1]
    expect(last?.done).toBe(last?.total)
    expect(progress.some((p) => p.phase === 'decoding')).toBe(true)
  })
})

describe('importFolder behaviour', () => {
  it('a grayscale-only folder is offered (and written) as 1 channel', async () => {
    const dir = makeTempDir()
    const src = join(dir, 'src')
    mkdirSync(src)
    for (let i = 0; i < 4; i++) {
      writeFileSync(
        join(src, `g${i}.jpg`),
        await sharp(await faceJpeg(i))
          .toColourspace('b-w')
          .jpeg()
          .toBuffer(),
      )
    }
    writeFileSync(
      join(src, 'g-colour-encoded.jpg'),
      await sharp(await faceJpeg(9))
        .grayscale()
        .jpeg()
        .toBuffer(),
    )
    const s = await importFolder(src, { outputDir: join(dir, 'out'), engine: 'inline' })
    expect(s.imported.length).toBe(5)
    expect(s.grayscale).toBe(true)
    expect(s.channels).toBe(1)
    const cache = await readTrainingCache(join(dir, 'out', 'cache-32.bin'))
    expect(cache).toMatchObject({ count: 5, size: 32, channels: 1 })
    expect(cache.pixels.length).toBe(5 * 32 * 32)
    const as3 = await readTrainingCache(join(dir, 'out', 'cache-32.bin'), { channels: 3 })
    expect(as3.pixels.length).toBe(5 * 32 * 32 * 3)

    // one colour image makes the dataset colour
    writeFileSync(join(src, 'colour.jpg'), await faceJpeg(10))
    const s2 = await importFolder(src, { outputDir: join(dir, 'out2'), engine: 'inline' })
    expect([s2.grayscale, s2.channels]).toEqual([false, 3])
  })

  it('cancel stops the import where it is and leaves nothing behind', async () => {
    const dir = makeTempDir()
    const src = join(dir, 'src')
    mkdirSync(src)
    const base = await faceJpeg(1, 250, 300)
    // 400 distinct-bytes files (cheap to make): the same face at different JPEG qualities/sizes
    await Promise.all(
      Array.from({ length: 400 }, async (_, i) => {
        writeFileSync(
          join(src, `f${i}.jpg`),
          await sharp(base)
            .resize(240 + (i % 20))
            .jpeg({ quality: 60 + (i % 35) })
            .toBuffer(),
        )
      }),
    )
    const parent = join(dir, 'datasets')
    const controller = new AbortController()
    let doneAtAbort = 0
    let doneAtEnd = 0
    const p = importFolder(src, {
      outputDir: join(parent, 'ds'),
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (pr) => {
        doneAtEnd = pr.done
        if (pr.done >= 20 && !doneAtAbort) {
          doneAtAbort = pr.done
          controller.abort()
        }
      },
    })
    await expect(p).rejects.toMatchObject({ name: 'AbortError' })
    // only the photos already in the workers' hands finish: the other 380 are never started
    expect(doneAtAbort).toBeGreaterThanOrEqual(20)
    expect(doneAtEnd).toBeLessThan(100)
    expect(existsSync(join(parent, 'ds'))).toBe(false)
    expect(readdirSync(parent)).toEqual([]) // no temp folder either
  })

  it('refuses a non-empty output folder, accepts an empty one', async () => {
    const dir = makeTempDir()
    const src = join(dir, 'src')
    mkdirSync(src)
    writeFileSync(join(src, 'a.jpg'), await faceJpeg(1))
    mkdirSync(join(dir, 'full'))
    writeFileSync(join(dir, 'full', 'x'), 'x')
    await expect(importFolder(src, { outputDir: join(dir, 'full'), engine: 'inline' })).rejects.toThrow(/not empty/)
    mkdirSync(join(dir, 'empty'))
    const s = await importFolder(src, { outputDir: join(dir, 'empty'), engine: 'inline' })
    expect(s.imported.length).toBe(1)
    expect(readdirSync(dir).sort()).toEqual(['empty', 'full', 'src'])
  })

  it('imports an explicit list of files, 128 px and crop overrides included; engines agree', async () => {
    const dir = makeTempDir()
    const files = await Promise.all(
      [1, 2, 3].map(async (i) => {
        const p = join(dir, `p${i}.jpg`)
        writeFileSync(p, await faceJpeg(i, 300, 200))
        return p
      }),
    )
    files.push(join(dir, 'missing.jpg'))
    const common = { sizes: [32, 64, 128], baseDir: dir, cropCentres: { 'p2.jpg': { x: 0, y: 0.5 } } }
    const a = await importFiles(files, { ...common, outputDir: join(dir, 'a'), engine: 'workers' })
    const b = await importFiles(files, { ...common, outputDir: join(dir, 'b'), engine: 'inline' })
    expect(a.imported.map((i) => i.file)).toEqual(['p1.jpg', 'p2.jpg', 'p3.jpg'])
    expect(a.rejected).toEqual([expect.objectContaining({ file: 'missing.jpg', code: 'vanished' })])
    expect(a.imported[1]?.cropCentre).toEqual({ x: 0, y: 0.5 })
    expect(a.imported[1]?.phash).not.toBe(b.imported[0]?.phash)
    for (const size of [32, 64, 128]) {
      const ca = await readTrainingCache(join(dir, 'a', `cache-${size}.bin`))
      const cb = await readTrainingCache(join(dir, 'b', `cache-${size}.bin`))
      expect(Buffer.compare(Buffer.from(ca.pixels), Buffer.from(cb.pixels))).toBe(0)
    }
    expect(a.imported.map((i) => i.phash)).toEqual(b.imported.map((i) => i.phash))
    await expect(importFiles(files, { sizes: [48], outputDir: join(dir, 'c') })).rejects.toThrow(RangeError)
  })

  it('imports the 64 shipped sample faces with no photo rejected', async () => {
    const dir = makeTempDir()
    const s = await importFolder(sampleFacesDir(), { outputDir: join(dir, 'faces') })
    expect(s.imported.length).toBe(64)
    // the folder also holds its licence NOTICE, which is (correctly) not an image
    expect(s.rejected).toEqual([expect.objectContaining({ file: 'NOTICE', code: 'not-an-image' })])
    expect(s.duplicates).toBe(0)
    expect(s.imported.filter((image) => image.nearDuplicateOfPosition !== null)).toEqual([])
    expect(s.grayscale).toBe(false)
    expect(s.imported[0]).toMatchObject({ file: 'image_0001.jpg', width: 139, height: 160, format: 'jpeg' })
    const cache = await readTrainingCache(join(dir, 'faces', 'cache-64.bin'))
    expect([cache.count, cache.channels]).toEqual([64, 3])
  })
})
