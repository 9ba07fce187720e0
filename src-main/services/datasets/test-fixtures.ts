/** Helpers for the dataset tests: images and hostile files made on the fly in a temp folder. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import sharp, { type Sharp } from 'sharp'
import { faceSeed, renderDemoFace } from './demo-faces'
import { pngChunk } from './png-encode'

const made: string[] = []

/** Remove every folder made by makeTempDir (call from afterAll). */
export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** A fresh temp folder; remove with cleanupTempDirs(). */
export function makeTempDir(prefix = 'dcgan-datasets-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** A varied synthetic face as JPEG (distinct per seed). */
export function faceJpeg(seed: number, width = 200, height = 240): Promise<Buffer> {
  return renderDemoFace(faceSeed(99, seed), { width, height, format: 'jpeg', quality: 90 })
}

export function rawImage(
  width: number,
  height: number,
  channels: 1 | 3 | 4,
  fn: (x: number, y: number) => number[],
): Buffer {
  const b = Buffer.alloc(width * height * channels)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = fn(x, y)
      for (let c = 0; c < channels; c++) b[(y * width + x) * channels + c] = v[c] ?? 0
    }
  }
  return b
}

/**
 * Asymmetric upright reference (96×64): four coloured quadrants plus a white marker square
 * near the top-left, so every rotation/flip is distinguishable after a centre crop.
 */
export function asymmetricRaw(): { data: Buffer; width: number; height: number } {
  const width = 96
  const height = 64
  const data = rawImage(width, height, 3, (x, y) => {
    if (x >= 24 && x < 40 && y >= 8 && y < 24) return [255, 255, 255]
    const left = x < 48
    const top = y < 32
    if (top && left) return [220, 40, 40]
    if (top) return [40, 200, 40]
    if (left) return [40, 40, 220]
    return [230, 200, 30]
  })
  return { data, width, height }
}

/**
 * Pixels to store so that a viewer applying EXIF `orientation` shows the upright image:
 * the inverse of the orientation's display transform.
 */
export async function storedForOrientation(
  upright: { data: Buffer; width: number; height: number },
  orientation: number,
): Promise<Buffer> {
  const raw = { width: upright.width, height: upright.height, channels: 3 as const }
  const step = async (buf: Buffer, w: number, h: number, op: (s: Sharp) => Sharp) => {
    const { data, info } = await op(sharp(buf, { raw: { width: w, height: h, channels: 3 } }))
      .raw()
      .toBuffer({ resolveWithObject: true })
    return { data, width: info.width, height: info.height }
  }
  let img = { data: upright.data, width: raw.width, height: raw.height }
  const apply = async (op: (s: Sharp) => Sharp) => {
    img = await step(img.data, img.width, img.height, op)
  }
  switch (orientation) {
    case 1:
      break
    case 2:
      await apply((s) => s.flop())
      break
    case 3:
      await apply((s) => s.rotate(180))
      break
    case 4:
      await apply((s) => s.flip())
      break
    case 5: // transpose (self-inverse)
      await apply((s) => s.rotate(90))
      await apply((s) => s.flop())
      break
    case 6: // display rotates 90° CW, so store rotated 90° CCW
      await apply((s) => s.rotate(270))
      break
    case 7: // transverse (self-inverse)
      await apply((s) => s.rotate(90))
      await apply((s) => s.flip())
      break
    case 8:
      await apply((s) => s.rotate(90))
      break
    default:
      throw new RangeError(`orientation ${orientation}`)
  }
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .withMetadata({ orientation })
    .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
    .toBuffer()
}

/** A tiny, valid-looking PNG whose IHDR (valid CRC) declares width×height: a decompression bomb header. */
export function pngDeclaringDimensions(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  // a few rows of real data; the rest is missing (never decoded anyway)
  const rows = Buffer.alloc(4 * (1 + width * 3))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', new Uint8Array(0)),
  ])
}

/** ISO-BMFF header of a HEIC file (ftyp heic): enough for content sniffing. */
export function heicHeader(): Buffer {
  const ftyp = Buffer.alloc(24)
  ftyp.writeUInt32BE(24, 0)
  ftyp.write('ftypheic', 4, 'latin1')
  ftyp.writeUInt32BE(0, 12)
  ftyp.write('mif1heic', 16, 'latin1')
  return Buffer.concat([ftyp, Buffer.alloc(200, 7)])
}

export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`)
  let s = 0
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] ?? 0) - (b[i] ?? 0))
  return s / a.length
}

export function maxAbsDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)))
  return m
}

/** A 96×48 PNG, the left half red and the right half blue, so a crop at either edge is all one colour. */
export async function redBlueHalvesPng(): Promise<Buffer> {
  const red = await sharp({ create: { width: 48, height: 48, channels: 3, background: { r: 255, g: 0, b: 0 } } })
    .png()
    .toBuffer()
  return sharp({ create: { width: 96, height: 48, channels: 3, background: { r: 0, g: 0, b: 255 } } })
    .composite([{ input: red, left: 0, top: 0 }])
    .png()
    .toBuffer()
}
