import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { normalizeImageBytes, normalizeImageFile, type NormalizedImage, type NormalizeOutcome } from './normalize-image'
import {
  asymmetricRaw,
  faceJpeg,
  cleanupTempDirs,
  makeTempDir,
  maxAbsDiff,
  meanAbsDiff,
  rawImage,
  storedForOrientation,
} from './test-fixtures'

afterAll(cleanupTempDirs)

function ok(o: NormalizeOutcome): NormalizedImage {
  if (!o.ok) throw new Error(`expected ok, got ${o.code}: ${o.message}`)
  return o
}

function px(o: NormalizedImage, size: number): Uint8Array {
  const p = o.pixelsBySize.get(size)
  if (!p) throw new Error(`no ${size}px pixels`)
  return p
}

/** A smooth, colourful 128×128 sRGB reference (no sharp edges: resampling differences stay tiny). */
function smoothReference(): Buffer {
  return rawImage(128, 128, 3, (x, y) => [60 + x, 40 + y, 200 - ((x + y) >> 1)])
}

const RAW128 = { raw: { width: 128, height: 128, channels: 3 as const } }

describe('normalizeImageBytes', () => {
  it('outputs every size as S×S×3 uint8 plus a PNG thumbnail and hashes', async () => {
    const o = ok(await normalizeImageBytes(await faceJpeg(1), { sizes: [32, 64, 128] }))
    expect([...o.pixelsBySize.keys()]).toEqual([32, 64, 128])
    expect(px(o, 32).length).toBe(32 * 32 * 3)
    expect(px(o, 128).length).toBe(128 * 128 * 3)
    expect(o.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(o.phash).toMatch(/^[0-9a-f]{16}$/)
    expect(o.format).toBe('jpeg')
    expect([o.width, o.height]).toEqual([200, 240])
    const meta = await sharp(o.thumbnailPng).metadata()
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 64, 64, 3])
    // thumbnail pixels are exactly the 64px training pixels
    expect(Buffer.compare(await sharp(o.thumbnailPng).raw().toBuffer(), Buffer.from(px(o, 64)))).toBe(0)
  })

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('EXIF orientation %i comes out upright', async (orientation) => {
    const upright = asymmetricRaw()
    const reference = ok(await normalizeImageBytes(await storedForOrientation(upright, 1)))
    const file = await storedForOrientation(upright, orientation)
    expect((await sharp(file).metadata()).orientation ?? 1).toBe(orientation)
    const o = ok(await normalizeImageBytes(file))
    expect([o.width, o.height]).toEqual([96, 64])
    expect(meanAbsDiff(px(o, 32), px(reference, 32))).toBeLessThan(3)
    // the test image is not symmetric: a mirrored result would be far off
    const flopped = ok(
      await normalizeImageBytes(await sharp(file).autoOrient().flop().jpeg({ quality: 95 }).toBuffer()),
    )
    expect(meanAbsDiff(px(flopped, 32), px(reference, 32))).toBeGreaterThan(30)
  })

  it('16-bit RGB PNG comes out 8-bit sRGB within ±2 of the 8-bit reference', async () => {
    const ref = ok(await normalizeImageBytes(await sharp(smoothReference(), RAW128).png().toBuffer()))
    const png16 = await sharp(smoothReference(), RAW128).toColourspace('rgb16').png().toBuffer()
    expect((await sharp(png16).metadata()).depth).toBe('ushort')
    const o = ok(await normalizeImageBytes(png16))
    for (const s of [32, 64]) expect(maxAbsDiff(px(o, s), px(ref, s))).toBeLessThanOrEqual(2)
  })

  it('CMYK comes out 8-bit sRGB within ±2 of the ICC-converted reference', async () => {
    const cmyk = await sharp(smoothReference(), RAW128).toColourspace('cmyk').tiff().toBuffer()
    const meta = await sharp(cmyk).metadata()
    expect([meta.space, meta.channels]).toEqual(['cmyk', 4])
    // reference: libvips' own full-resolution CMYK→sRGB conversion, then the ordinary path
    const converted = await sharp(cmyk).toColourspace('srgb').png().toBuffer()
    const ref = ok(await normalizeImageBytes(converted))
    const o = ok(await normalizeImageBytes(cmyk))
    for (const s of [32, 64]) expect(maxAbsDiff(px(o, s), px(ref, s))).toBeLessThanOrEqual(2)
    // and close to the original sRGB colours (CMYK round trips are not exact)
    const orig = ok(await normalizeImageBytes(await sharp(smoothReference(), RAW128).png().toBuffer()))
    expect(meanAbsDiff(px(o, 32), px(orig, 32))).toBeLessThan(12)
    expect(o.grayscale).toBe(false)
  })

  it('CMYK JPEG (4-channel) is converted, not read as RGBA', async () => {
    const jpg = await sharp(smoothReference(), RAW128).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer()
    const o = ok(await normalizeImageBytes(jpg))
    const orig = ok(await normalizeImageBytes(await sharp(smoothReference(), RAW128).png().toBuffer()))
    expect(meanAbsDiff(px(o, 32), px(orig, 32))).toBeLessThan(12)
  })

  it('animated GIF yields its first frame', async () => {
    const w = 64
    const h = 64
    const frames = Buffer.concat([rawImage(w, h, 3, () => [255, 0, 0]), rawImage(w, h, 3, () => [0, 0, 255])])
    const gif = await sharp(frames, { raw: { width: w, height: h * 2, channels: 3, pageHeight: h } })
      .gif({ loop: 0, delay: [100, 100] })
      .toBuffer()
    const meta = await sharp(gif).metadata()
    expect(meta.pages).toBe(2)
    const o = ok(await normalizeImageBytes(gif))
    expect([o.width, o.height]).toEqual([64, 64])
    const p = px(o, 32)
    expect(p[0]).toBeGreaterThan(240)
    expect(p[2]).toBeLessThan(15)
  })

  it('alpha is flattened on the fixed colour (white)', async () => {
    // left half fully transparent (colour underneath: black), right half opaque green
    const rgba = rawImage(64, 64, 4, (x) => (x < 32 ? [0, 0, 0, 0] : [0, 200, 0, 255]))
    const png = await sharp(rgba, { raw: { width: 64, height: 64, channels: 4 } })
      .png()
      .toBuffer()
    const o = ok(await normalizeImageBytes(png))
    const p = px(o, 32)
    expect([p[0], p[1], p[2]]).toEqual([255, 255, 255]) // (0,0): transparent → white
    const right = (5 * 32 + 28) * 3
    expect([p[right], p[right + 1], p[right + 2]]).toEqual([0, 200, 0])
  })

  it('palette PNG and 1-bit-ish gray PNG work', async () => {
    const face = await faceJpeg(3, 128, 128)
    const palette = await sharp(face).png({ palette: true, colours: 64, dither: 0 }).toBuffer()
    expect((await sharp(palette).metadata()).isPalette).toBe(true)
    const ref = ok(await normalizeImageBytes(face))
    const o = ok(await normalizeImageBytes(palette))
    expect(o.format).toBe('png')
    expect(meanAbsDiff(px(o, 32), px(ref, 32))).toBeLessThan(6)
  })

  it('grayscale is detected by content after conversion', async () => {
    const face = await faceJpeg(4, 128, 128)
    const grayJpeg = await sharp(face).toColourspace('b-w').jpeg().toBuffer()
    expect((await sharp(grayJpeg).metadata()).channels).toBe(1)
    const g = ok(await normalizeImageBytes(grayJpeg))
    expect(g.grayscale).toBe(true)
    const p = px(g, 64)
    expect(p[300]).toBe(p[301]) // delivered as RGB with R = G = B
    // a B&W photo stored as a colour (YCbCr) JPEG is gray too
    const colourEncoded = await sharp(face).grayscale().jpeg({ quality: 80 }).toBuffer()
    expect((await sharp(colourEncoded).metadata()).channels).toBe(3)
    expect(ok(await normalizeImageBytes(colourEncoded)).grayscale).toBe(true)
    expect(ok(await normalizeImageBytes(face)).grayscale).toBe(false)
  })

  it('AVIF and WebP decode', async () => {
    const face = await faceJpeg(5, 128, 128)
    const avif = ok(await normalizeImageBytes(await sharp(face).avif({ quality: 80 }).toBuffer()))
    expect(avif.format).toBe('heif')
    const webp = ok(await normalizeImageBytes(await sharp(face).webp().toBuffer()))
    expect(webp.format).toBe('webp')
  })

  it('crop centre override moves the square', async () => {
    const img = rawImage(200, 100, 3, (x) => (x < 100 ? [255, 0, 0] : [0, 0, 255]))
    const png = await sharp(img, { raw: { width: 200, height: 100, channels: 3 } })
      .png()
      .toBuffer()
    const left = px(ok(await normalizeImageBytes(png, { cropCentre: { x: 0, y: 0.5 } })), 32)
    const right = px(ok(await normalizeImageBytes(png, { cropCentre: { x: 1, y: 0.5 } })), 32)
    const centre = px(ok(await normalizeImageBytes(png)), 32)
    const mean = (p: Uint8Array, c: number, x0: number, x1: number): number => {
      let sum = 0
      let n = 0
      for (let y = 0; y < 32; y++) for (let x = x0; x < x1; x++, n++) sum += p[(y * 32 + x) * 3 + c] ?? 0
      return sum / n
    }
    expect(mean(left, 0, 0, 30)).toBeGreaterThan(245) // entirely the red half
    expect(mean(left, 2, 0, 30)).toBeLessThan(10)
    expect(mean(right, 2, 2, 32)).toBeGreaterThan(245) // entirely the blue half
    expect(mean(right, 0, 2, 32)).toBeLessThan(10)
    expect(mean(centre, 0, 0, 14)).toBeGreaterThan(245) // centre: red on the left…
    expect(mean(centre, 2, 18, 32)).toBeGreaterThan(245) // …blue on the right
  })

  it('reads files without modifying them and refuses FIFOs without blocking', async () => {
    const dir = makeTempDir()
    const file = join(dir, 'a.jpg')
    writeFileSync(file, await faceJpeg(6))
    expect(ok(await normalizeImageFile(file)).format).toBe('jpeg')
    const missing = await normalizeImageFile(join(dir, 'nope.jpg'))
    expect(missing).toMatchObject({ ok: false, code: 'vanished' })
    const isDir = await normalizeImageFile(dir)
    expect(isDir).toMatchObject({ ok: false, code: 'not-a-file' })
  })
})
