/**
 * One file → one outcome. Reads the file by content, refuses what must be refused before
 * decoding, then decodes ONCE with sharp (JPEG shrink-on-load, EXIF auto-orient, first
 * frame/page only, alpha flattened on a fixed colour, converted to 8-bit sRGB) to a
 * square of side T = max(sizes, thumbnailSize); every smaller size is an area-average
 * downscale of that square in JS (no second decode). Reading is read-whole-file.ts's, the
 * pixel work (crop, downscale, the grayscale policy, which also covers 1-channel sources and
 * B&W photos saved as colour) square-pixels.ts's.
 *
 * Never modifies the file, and sharp works on an in-memory copy, so nothing stays open or locked.
 */
import { createHash } from 'node:crypto'
import sharp, { type Metadata } from 'sharp'
import { chromaSignature, perceptualHash } from './perceptual-hash'
import { encodePng } from './png-encode'
import { reject, type Rejection, type RejectionCode } from './rejection'
import { readWholeFile, readWholeFileSync } from './read-whole-file'
import { cropSquare, downscaleArea, isGrayscaleRgb, toRgb } from './square-pixels'
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
  if (
    !m.includes('corrupt') &&
    /premature end of (jpeg )?(image|file)|truncat|unexpected end of|not enough (image )?data|short read|out of data/.test(
      m,
    )
  ) {
    return fail('truncated', detail)
  }
  return fail('corrupt', detail)
}

function resolveOptions(opts: Partial<NormalizeOptions> | undefined): NormalizeOptions {
  const o = { ...DEFAULT_NORMALIZE_OPTIONS, ...opts }
  if (o.sizes.length === 0 || o.sizes.some((s) => !Number.isInteger(s) || s < 8 || s > 1024)) {
    throw new RangeError(`invalid sizes ${JSON.stringify(o.sizes)}`)
  }
  return o
}

/** Normalise bytes already in memory (the file name is only used by callers). */
export async function normalizeImageBytes(
  bytes: Buffer,
  options?: Partial<NormalizeOptions>,
): Promise<NormalizeOutcome> {
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
