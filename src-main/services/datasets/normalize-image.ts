/**
 * One file → one outcome. Reads the file by content, refuses what must be refused before
 * decoding, then decodes ONCE with sharp (JPEG shrink-on-load, EXIF auto-orient, first
 * frame/page only, alpha flattened on a fixed colour, converted to 8-bit sRGB) to a
 * square of side T = max(sizes, thumbnailSize); every smaller size is an area-average
 * downscale of that square in JS (no second decode).
 *
 * Grayscale policy (documented contract): an image is grayscale when, AFTER conversion to
 * sRGB and cropping, its channels are equal everywhere up to JPEG noise
 * (max |R-G|,|G-B|,|R-B| ≤ GRAYSCALE_MAX_SPREAD and mean spread ≤ GRAYSCALE_MEAN_SPREAD).
 * This covers 1-channel sources (b-w, grey16, gray palette) and B&W photos saved as colour.
 *
 * Never modifies the file; its descriptor is always closed (try/finally), and sharp works
 * on an in-memory copy, so nothing stays open or locked.
 */
import { createHash } from 'node:crypto'
import { closeSync, constants as fsc, fstatSync, openSync, readSync, type Stats } from 'node:fs'
import { open } from 'node:fs/promises'
import sharp, { type Metadata } from 'sharp'
import { chromaSignature, perceptualHash } from './perceptual-hash'
import { encodePng } from './png-encode'
import { reject, rejectionFromFsError, type Rejection, type RejectionCode } from './rejection'
import { readImageHeader } from './image-header'
import { lostRowsDetail } from './lost-rows'
import { sniffFormat } from './sniff-format'

export interface CropCentre {
  /** Horizontal centre of the square crop, as a fraction (0..1) of the upright image width. */
  x: number
  /** Vertical centre of the square crop, as a fraction (0..1) of the upright image height. */
  y: number
}

export interface Rgb {
  r: number
  g: number
  b: number
}

export type FailOn = 'none' | 'truncated' | 'error' | 'warning'

export interface NormalizeOptions {
  /** Square output sizes (training resolutions), e.g. [32, 64]. */
  sizes: readonly number[]
  /** Side of the PNG thumbnail. */
  thumbnailSize: number
  /** Refuse images with more pixels than this, from the header, before decoding. */
  maxPixels: number
  /** Refuse images whose shorter (upright) side is below this. */
  minSide: number
  /** Refuse files larger than this many bytes (never read into memory). */
  maxFileBytes: number
  /** Colour that transparent pixels are flattened onto. */
  background: Rgb
  /** Decoder strictness; 'warning' refuses corrupt-but-decodable data. */
  failOn: FailOn
  /** Optional crop centre override (default: centre). */
  cropCentre?: CropCentre | undefined
}

export const FLATTEN_BACKGROUND: Rgb = Object.freeze({ r: 255, g: 255, b: 255 })
export const MAX_PIXELS = 50_000_000
export const MIN_SIDE = 32
export const MAX_FILE_BYTES = 256 * 1024 * 1024
export const GRAYSCALE_MAX_SPREAD = 8
export const GRAYSCALE_MEAN_SPREAD = 1.5
export const SUPPORTED_SIZES: readonly number[] = [32, 64, 128]
export const DEFAULT_SIZES: readonly number[] = [32, 64]
const DECODABLE_FORMATS: readonly string[] = ['jpeg', 'png', 'gif', 'webp', 'tiff', 'heif']

export const DEFAULT_NORMALIZE_OPTIONS: NormalizeOptions = Object.freeze({
  sizes: DEFAULT_SIZES,
  thumbnailSize: 64,
  maxPixels: MAX_PIXELS,
  minSide: MIN_SIDE,
  maxFileBytes: MAX_FILE_BYTES,
  background: FLATTEN_BACKGROUND,
  failOn: 'warning' as const,
})

export interface NormalizedImage {
  ok: true
  /** sha256 of the file bytes, hex. */
  sha256: string
  /** 64-bit perceptual hash of the cropped square, 16 hex digits. */
  phash: string
  /** 4×4 chroma layout (64 hex digits), used with phash for near-duplicates. */
  chroma: string
  /** Upright (EXIF-oriented) dimensions of the source. */
  width: number
  height: number
  /** Decoder format name from content, e.g. 'jpeg', 'png', 'gif', 'webp', 'tiff', 'heif'. */
  format: string
  /** File size in bytes. */
  bytes: number
  grayscale: boolean
  /** size → S×S×3 uint8 sRGB, row-major (HWC). */
  pixelsBySize: Map<number, Uint8Array>
  /** PNG of the square at thumbnailSize. */
  thumbnailPng: Uint8Array
}

export interface NormalizeFailure extends Rejection {
  ok: false
}

export type NormalizeOutcome = NormalizedImage | NormalizeFailure

function fail(code: RejectionCode, detail?: string): NormalizeFailure {
  return { ok: false, ...reject(code, detail) }
}

const OPEN_FLAGS = fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0)

type ReadResult = { ok: true; bytes: Buffer } | NormalizeFailure

/** What is refused before reading: anything but a regular file, an empty file, one over the size limit. */
function refuseByStat(st: Stats, maxBytes: number): NormalizeFailure | null {
  if (!st.isFile()) return fail('not-a-file', st.isDirectory() ? 'It is a directory.' : undefined)
  if (st.size === 0) return fail('empty-file')
  if (st.size > maxBytes) return fail('file-too-large', `${(st.size / 1048576).toFixed(0)} MiB > ${(maxBytes / 1048576).toFixed(0)} MiB.`)
  return null
}

/** Read a whole regular file; refuses FIFOs/devices without blocking; always closes the fd. */
export async function readWholeFile(path: string | Buffer, maxBytes: number): Promise<ReadResult> {
  let fh: Awaited<ReturnType<typeof open>> | undefined
  try {
    fh = await open(path, OPEN_FLAGS)
    const st = await fh.stat()
    const refused = refuseByStat(st, maxBytes)
    if (refused) return refused
    const buf = Buffer.allocUnsafe(st.size)
    let off = 0
    while (off < buf.length) {
      const { bytesRead } = await fh.read(buf, off, buf.length - off, off)
      if (bytesRead === 0) break
      off += bytesRead
    }
    if (off === 0) return fail('empty-file')
    return { ok: true, bytes: off === buf.length ? buf : buf.subarray(0, off) }
  } catch (err) {
    return { ok: false, ...rejectionFromFsError(err) }
  } finally {
    await fh?.close().catch(() => undefined)
  }
}

function endsLikeComplete(bytes: Uint8Array, format: string): boolean {
  if (format === 'jpeg') {
    // EOI marker, tolerating trailing padding
    let i = bytes.length - 1
    while (i > 0 && (bytes[i] === 0x00 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x20)) i--
    return bytes[i] === 0xd9 && bytes[i - 1] === 0xff
  }
  if (format === 'png') {
    const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 64))).toString('latin1')
    return tail.includes('IEND')
  }
  if (format === 'gif') {
    let i = bytes.length - 1
    while (i > 0 && bytes[i] === 0x00) i--
    return bytes[i] === 0x3b
  }
  return true
}

function classifyDecodeError(err: unknown, bytes: Uint8Array, format: string): NormalizeFailure {
  const msg = err instanceof Error ? err.message : String(err)
  const m = msg.toLowerCase()
  const short = msg.split('\n')[0]?.slice(0, 200)
  const detail = short ? `(${short})` : undefined
  if (m.includes('pixel limit')) return fail('too-many-pixels')
  // Structural check first: a file that stops before its end marker is truncated.
  if (!endsLikeComplete(bytes, format)) return fail('truncated', detail)
  if (/no decoding plugin|unsupported (codec|feature|compression)|not supported/.test(m)) {
    return fail('unsupported-format', `Format: ${format}${short ? ` (${short})` : ''}.`)
  }
  if (!m.includes('corrupt') && /premature end of (jpeg )?(image|file)|truncat|unexpected end of|not enough (image )?data|short read|out of data/.test(m)) {
    return fail('truncated', detail)
  }
  return fail('corrupt', detail)
}

/** Expand/trim an interleaved uint8 buffer to exactly 3 channels. */
function toRgb(data: Uint8Array, pixels: number, channels: number): Uint8Array {
  if (channels === 3) return data
  const out = new Uint8Array(pixels * 3)
  for (let i = 0, s = 0, d = 0; i < pixels; i++, s += channels, d += 3) {
    const r = data[s] ?? 0
    const g = channels >= 3 ? (data[s + 1] ?? 0) : r
    const b = channels >= 3 ? (data[s + 2] ?? 0) : r
    out[d] = r
    out[d + 1] = g
    out[d + 2] = b
  }
  return out
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v
}

/** Copy a side×side square out of an RGB image of w×h whose crop centre is `centre` (fractions). */
export function cropSquare(rgb: Uint8Array, w: number, h: number, side: number, centre?: CropCentre): Uint8Array {
  const cx = centre ? clamp(centre.x, 0, 1) : 0.5
  const cy = centre ? clamp(centre.y, 0, 1) : 0.5
  const left = clamp(Math.round(cx * w - side / 2), 0, Math.max(0, w - side))
  const top = clamp(Math.round(cy * h - side / 2), 0, Math.max(0, h - side))
  const out = new Uint8Array(side * side * 3)
  const rowBytes = side * 3
  for (let y = 0; y < side; y++) {
    const src = ((top + y) * w + left) * 3
    out.set(rgb.subarray(src, src + rowBytes), y * rowBytes)
  }
  return out
}

/** Area-average downscale of a square interleaved image (exact for integer ratios). */
export function downscaleArea(src: Uint8Array, srcSize: number, dstSize: number, channels = 3): Uint8Array {
  if (dstSize === srcSize) return src
  const out = new Uint8Array(dstSize * dstSize * channels)
  const acc = new Float64Array(channels)
  for (let oy = 0; oy < dstSize; oy++) {
    const y0 = Math.floor((oy * srcSize) / dstSize)
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * srcSize) / dstSize))
    for (let ox = 0; ox < dstSize; ox++) {
      const x0 = Math.floor((ox * srcSize) / dstSize)
      const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * srcSize) / dstSize))
      acc.fill(0)
      for (let y = y0; y < y1; y++) {
        let p = (y * srcSize + x0) * channels
        for (let x = x0; x < x1; x++) for (let c = 0; c < channels; c++) acc[c] = (acc[c] ?? 0) + (src[p++] ?? 0)
      }
      const n = (y1 - y0) * (x1 - x0)
      const d = (oy * dstSize + ox) * channels
      for (let c = 0; c < channels; c++) out[d + c] = Math.round((acc[c] ?? 0) / n)
    }
  }
  return out
}

/** Content-based grayscale test on an RGB buffer (see module doc). */
export function isGrayscaleRgb(rgb: Uint8Array): boolean {
  let total = 0
  const n = rgb.length / 3
  for (let i = 0; i < rgb.length; i += 3) {
    const r = rgb[i] ?? 0
    const g = rgb[i + 1] ?? 0
    const b = rgb[i + 2] ?? 0
    const spread = Math.max(r, g, b) - Math.min(r, g, b)
    if (spread > GRAYSCALE_MAX_SPREAD) return false
    total += spread
  }
  return n === 0 || total / n <= GRAYSCALE_MEAN_SPREAD
}

function resolveOptions(opts: Partial<NormalizeOptions> | undefined): NormalizeOptions {
  const o = { ...DEFAULT_NORMALIZE_OPTIONS, ...opts }
  if (o.sizes.length === 0 || o.sizes.some((s) => !Number.isInteger(s) || s < 8 || s > 1024)) {
    throw new RangeError(`invalid sizes ${JSON.stringify(o.sizes)}`)
  }
  return o
}

/**
 * Synchronous variant for worker threads: one thread-pool round trip fewer per call, and a
 * worker may block briefly (the main thread never calls this).
 */
export function readWholeFileSync(path: string | Buffer, maxBytes: number): ReadResult {
  let fd: number | undefined
  try {
    fd = openSync(path, OPEN_FLAGS)
    const st = fstatSync(fd)
    const refused = refuseByStat(st, maxBytes)
    if (refused) return refused
    const buf = Buffer.allocUnsafe(st.size)
    let off = 0
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off)
      if (n === 0) break
      off += n
    }
    if (off === 0) return fail('empty-file')
    return { ok: true, bytes: off === buf.length ? buf : buf.subarray(0, off) }
  } catch (err) {
    return { ok: false, ...rejectionFromFsError(err) }
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd)
      } catch {
        // already closed
      }
    }
  }
}

/** Normalise bytes already in memory (the file name is only used by callers). */
export async function normalizeImageBytes(bytes: Buffer, options?: Partial<NormalizeOptions>): Promise<NormalizeOutcome> {
  const o = resolveOptions(options)
  if (bytes.length === 0) return fail('empty-file')
  const sha256 = createHash('sha256').update(bytes).digest('hex')

  const sniff = sniffFormat(bytes.subarray(0, 4096))
  switch (sniff.kind) {
    case 'empty':
      return fail('empty-file')
    case 'svg':
      return fail('svg-refused')
    case 'unsupported':
      return fail('unsupported-format', `Format: ${sniff.format}.`)
    case 'not-image':
      return fail('not-an-image', `It looks like ${sniff.what}.`)
    case 'raster':
      break
  }
  if ((sniff.format === 'avif' || sniff.format === 'heif') && !sharp.format.heif.input.buffer) {
    return fail('unsupported-format', `Format: ${sniff.format.toUpperCase()} (no decoder available).`)
  }

  // Header only: refuse huge images before any pixel is decoded. JPEG/PNG headers are read
  // in JS (cheap); anything else, or anything unusual, goes through sharp's metadata().
  let header = readImageHeader(bytes, sniff.format)
  let format: string = sniff.format
  if (!header) {
    let meta: Metadata
    try {
      meta = await sharp(bytes, { limitInputPixels: false, failOn: 'none' }).metadata()
    } catch (err) {
      return classifyDecodeError(err, bytes, sniff.format)
    }
    if (meta.format === 'svg') return fail('svg-refused')
    if (meta.format === 'heif' && meta.compression === 'hevc') {
      return fail('unsupported-format', 'Format: HEIC (HEVC-compressed HEIF).')
    }
    if (!DECODABLE_FORMATS.includes(meta.format)) return fail('unsupported-format', `Format: ${meta.format}.`)
    const pageHeight = meta.pageHeight ?? meta.height
    if (!meta.width || !pageHeight) return fail('corrupt', 'The image has no dimensions.')
    header = { width: meta.width, height: pageHeight, orientation: meta.orientation ?? 1 }
    format = meta.format
  }
  const pixels = header.width * header.height
  if (pixels > o.maxPixels) {
    return fail(
      'too-many-pixels',
      `${header.width}×${header.height} = ${(pixels / 1e6).toFixed(1)} MP > ${(o.maxPixels / 1e6).toFixed(0)} MP.`,
    )
  }
  const swap = header.orientation >= 5
  const width = swap ? header.height : header.width
  const height = swap ? header.width : header.height
  if (Math.min(width, height) < o.minSide) {
    return fail('too-small', `${width}×${height} px; the shorter side must be at least ${o.minSide} px.`)
  }

  const T = Math.max(o.thumbnailSize, ...o.sizes)
  let square: Uint8Array
  try {
    const { data, info } = await sharp(bytes, {
      failOn: o.failOn,
      limitInputPixels: o.maxPixels,
      autoOrient: true,
      pages: 1,
      page: 0,
    })
      .flatten({ background: o.background })
      .resize({ width: T, height: T, fit: 'outside' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    const rgb = toRgb(data, info.width * info.height, info.channels)
    const lost = format === 'jpeg' ? lostRowsDetail(rgb, info.width, info.height) : undefined
    if (lost) return fail('corrupt', lost)
    square = cropSquare(rgb, info.width, info.height, T, o.cropCentre)
  } catch (err) {
    return classifyDecodeError(err, bytes, sniff.format)
  }

  const grayscale = isGrayscaleRgb(square)
  const pixelsBySize = new Map<number, Uint8Array>()
  for (const s of o.sizes) pixelsBySize.set(s, s === T ? square : downscaleArea(square, T, s))
  const thumbPixels = pixelsBySize.get(o.thumbnailSize) ?? downscaleArea(square, T, o.thumbnailSize)
  const thumb = encodePng(thumbPixels, o.thumbnailSize, o.thumbnailSize, 3)

  return {
    ok: true,
    sha256,
    phash: perceptualHash(square, T, 3),
    chroma: chromaSignature(square, T),
    width,
    height,
    format,
    bytes: bytes.length,
    grayscale,
    pixelsBySize,
    thumbnailPng: new Uint8Array(thumb),
  }
}

/**
 * Normalise one file from disk. Never throws for bad input: every problem is an outcome.
 * `io.sync` reads with blocking calls: only for worker threads.
 */
export async function normalizeImageFile(
  path: string | Buffer,
  options?: Partial<NormalizeOptions>,
  io: { sync?: boolean } = {},
): Promise<NormalizeOutcome> {
  const o = resolveOptions(options)
  const read = io.sync ? readWholeFileSync(path, o.maxFileBytes) : await readWholeFile(path, o.maxFileBytes)
  if (!read.ok) return read
  try {
    return await normalizeImageBytes(read.bytes, o)
  } catch (err) {
    return fail('internal-error', err instanceof Error ? `(${err.message.slice(0, 200)})` : undefined)
  }
}
