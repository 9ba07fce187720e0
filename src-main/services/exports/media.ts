/**
 * Image encoders for exports: PNG with text metadata (tEXt/iTXt chunks), sprite sheets, and animated
 * GIFs (gifenc) with a comment extension.
 */
import { createRequire } from 'node:module'
import { crc32 } from 'node:zlib'
import type gifencModule from 'gifenc'
import { encodePng as encodePlainPng, PNG_SIGNATURE, pngChunk } from '../datasets/png-encode'

// gifenc's CommonJS build, whatever loads this file: its ESM build's default export is GIFEncoder alone, and Vite (the
// tests, in this thread) picks that one where Node picks the CommonJS object
const { GIFEncoder, applyPalette, quantize } = createRequire(import.meta.url)('gifenc') as typeof gifencModule

// ---------------------------------------------------------------- PNG chunks

export interface PngChunk {
  type: string
  data: Uint8Array
  /** whether the stored CRC matches */
  crcOk: boolean
}

/** All chunks of a PNG (throws on a bad signature or a truncated chunk). */
export function pngChunks(png: Uint8Array): PngChunk[] {
  if (png.length < 8 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG file')
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  const out: PngChunk[] = []
  let p = 8
  while (p + 12 <= png.length) {
    const len = view.getUint32(p)
    if (p + 12 + len > png.length) throw new Error('truncated PNG chunk')
    const typeAndData = png.subarray(p + 4, p + 8 + len)
    const type = String.fromCharCode(...typeAndData.subarray(0, 4))
    out.push({ type, data: typeAndData.subarray(4), crcOk: crc32(typeAndData) >>> 0 === view.getUint32(p + 8 + len) })
    p += 12 + len
    if (type === 'IEND') break
  }
  return out
}

const isLatin1Printable = (s: string) => /^[\x20-\x7e\xa0-\xff\n]*$/.test(s)

/** tEXt for Latin-1 text, iTXt (UTF-8, uncompressed) otherwise. Keywords: 1–79 Latin-1 characters. */
function textChunk(keyword: string, value: string): Uint8Array {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || keyword !== keyword.trim() || keyword.includes('  ')) throw new Error(`invalid PNG text keyword '${keyword}'`)
  const key = Buffer.from(keyword, 'latin1')
  if (isLatin1Printable(value)) return pngChunk('tEXt', Buffer.concat([key, Uint8Array.of(0), Buffer.from(value, 'latin1')]))
  // keyword \0 compression-flag(0) method(0) language-tag \0 translated-keyword \0 text(UTF-8)
  return pngChunk('iTXt', Buffer.concat([key, Uint8Array.of(0, 0, 0, 0, 0), Buffer.from(value, 'utf8')]))
}

/** The PNG with text chunks inserted right after IHDR (before the image data, where readers look first). */
export function addPngText(png: Uint8Array, entries: Record<string, string>): Uint8Array {
  const chunks = pngChunks(png)
  const ihdr = chunks[0]
  if (ihdr?.type !== 'IHDR') throw new Error('PNG does not start with IHDR')
  const at = 8 + 12 + ihdr.data.length
  const extra = Object.entries(entries).map(([k, v]) => textChunk(k, v))
  return Buffer.concat([png.subarray(0, at), ...extra, png.subarray(at)])
}

/** tEXt and iTXt entries of a PNG (zTXt and compressed iTXt are skipped). */
export function readPngText(png: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {}
  for (const c of pngChunks(png)) {
    if (c.type === 'tEXt') {
      const z = c.data.indexOf(0)
      if (z > 0) out[Buffer.from(c.data.subarray(0, z)).toString('latin1')] = Buffer.from(c.data.subarray(z + 1)).toString('latin1')
    } else if (c.type === 'iTXt') {
      const z = c.data.indexOf(0)
      if (z <= 0 || c.data[z + 1] !== 0) continue
      const lang = c.data.indexOf(0, z + 3)
      const trans = lang < 0 ? -1 : c.data.indexOf(0, lang + 1)
      if (trans < 0) continue
      out[Buffer.from(c.data.subarray(0, z)).toString('latin1')] = Buffer.from(c.data.subarray(trans + 1)).toString('utf8')
    }
  }
  return out
}

/** Raw 8-bit pixels (1 or 3 channels) → PNG bytes (maximum compression) with the given text chunks. */
export function encodePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3, text: Record<string, string>): Uint8Array {
  return addPngText(encodePlainPng(pixels, width, height, channels, 9), text)
}

// ---------------------------------------------------------------- grids

/** Images (n × size × size × channels, NHWC) laid out in a grid of `columns`, `gap` pixels apart. */
export function gridImage(
  images: Uint8Array,
  n: number,
  size: number,
  channels: number,
  columns: number,
  gap = 0,
  background = 0,
): { pixels: Uint8Array; width: number; height: number; rows: number } {
  const rows = Math.max(1, Math.ceil(n / columns))
  const width = columns * size + (columns - 1) * gap
  const height = rows * size + (rows - 1) * gap
  const pixels = new Uint8Array(width * height * channels).fill(background)
  const row = size * channels
  for (let k = 0; k < n; k++) {
    const x0 = (k % columns) * (size + gap)
    const y0 = Math.floor(k / columns) * (size + gap)
    for (let y = 0; y < size; y++) {
      const src = k * size * row + y * row
      pixels.set(images.subarray(src, src + row), ((y0 + y) * width + x0) * channels)
    }
  }
  return { pixels, width, height, rows }
}

/** Nearest-neighbour upscaling by an integer factor (small GAN images in a GIF are tiny otherwise). */
export function upscale(pixels: Uint8Array, width: number, height: number, channels: number, factor: number): Uint8Array {
  if (factor === 1) return pixels
  const W = width * factor
  const out = new Uint8Array(W * height * factor * channels)
  for (let y = 0; y < height * factor; y++) {
    const sy = Math.floor(y / factor)
    for (let x = 0; x < W; x++) {
      const s = (sy * width + Math.floor(x / factor)) * channels
      const d = (y * W + x) * channels
      for (let c = 0; c < channels; c++) out[d + c] = pixels[s + c]!
    }
  }
  return out
}

// ---------------------------------------------------------------- GIF

function toRgba(pixels: Uint8Array, channels: number): Uint8Array {
  const n = pixels.length / channels
  const out = new Uint8Array(n * 4)
  for (let i = 0; i < n; i++) {
    const s = i * channels
    out[i * 4] = pixels[s]!
    out[i * 4 + 1] = pixels[channels === 1 ? s : s + 1]!
    out[i * 4 + 2] = pixels[channels === 1 ? s : s + 2]!
    out[i * 4 + 3] = 255
  }
  return out
}

/** A GIF comment extension block (0x21 0xFE, ≤255-byte sub-blocks, terminator). */
function commentExtension(text: string): Uint8Array {
  const bytes = Buffer.from(text.replace(/[^\x20-\x7e\n]/g, '?'), 'latin1')
  const parts: Uint8Array[] = [Uint8Array.of(0x21, 0xfe)]
  for (let i = 0; i < bytes.length; i += 255) {
    const sub = bytes.subarray(i, i + 255)
    parts.push(Uint8Array.of(sub.length), sub)
  }
  parts.push(Uint8Array.of(0))
  return Buffer.concat(parts)
}

export interface GifOptions {
  /** per-frame delay in milliseconds (GIF resolution: 10 ms), or one per frame index */
  delayMs: number | ((frame: number) => number)
  /** 0 = loop forever */
  repeat?: number
  /** ASCII comment stored in the file (e.g. the synthetic-image notice) */
  comment?: string
  /** called after each encoded frame; may throw to stop (abort) */
  onFrame?: (done: number, total: number) => void
}

/**
 * Frames (width × height × channels each) → animated GIF bytes, a palette per frame. Frames are asked
 * for one at a time (`frameAt`), so a long animation of upscaled frames never sits in memory whole.
 */
export function encodeGif(frameCount: number, frameAt: (frame: number) => Uint8Array, width: number, height: number, channels: 1 | 3, opts: GifOptions): Uint8Array {
  if (frameCount < 1) throw new Error('a GIF needs at least one frame')
  const gif = GIFEncoder()
  for (let i = 0; i < frameCount; i++) {
    const rgba = toRgba(frameAt(i), channels)
    const palette = quantize(rgba, 256)
    gif.writeFrame(applyPalette(rgba, palette), width, height, { palette, delay: typeof opts.delayMs === 'number' ? opts.delayMs : opts.delayMs(i), repeat: opts.repeat ?? 0 })
    opts.onFrame?.(i + 1, frameCount)
  }
  gif.finish()
  const bytes = gif.bytes()
  if (!opts.comment) return bytes
  // the comment goes just before the trailer (0x3B): extensions may sit between any two blocks
  return Buffer.concat([bytes.subarray(0, bytes.length - 1), commentExtension(opts.comment), bytes.subarray(bytes.length - 1)])
}

export interface GifInfo {
  width: number
  height: number
  frames: number
  loops: boolean
  comments: string[]
}

/** Walks a GIF's block structure (header, extensions, image descriptors) and counts frames. */
export function parseGif(buf: Uint8Array): GifInfo {
  const sig = Buffer.from(buf.subarray(0, 6)).toString('latin1')
  if (sig !== 'GIF89a' && sig !== 'GIF87a') throw new Error('not a GIF file')
  const u16 = (p: number) => buf[p]! | (buf[p + 1]! << 8)
  const width = u16(6)
  const height = u16(8)
  const flags = buf[10]!
  let p = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0)
  const skipSubBlocks = (q: number): [number, Uint8Array] => {
    const parts: Uint8Array[] = []
    while (q < buf.length && buf[q] !== 0) {
      parts.push(buf.subarray(q + 1, q + 1 + buf[q]!))
      q += 1 + buf[q]!
    }
    if (q >= buf.length) throw new Error('truncated GIF')
    return [q + 1, Buffer.concat(parts)]
  }
  let frames = 0
  let loops = false
  const comments: string[] = []
  for (;;) {
    if (p >= buf.length) throw new Error('GIF has no trailer')
    const b = buf[p]!
    if (b === 0x3b) break
    if (b === 0x21) {
      const label = buf[p + 1]!
      const [next, data] = skipSubBlocks(p + 2)
      if (label === 0xff && Buffer.from(data.subarray(0, 11)).toString('latin1') === 'NETSCAPE2.0') loops = true
      if (label === 0xfe) comments.push(Buffer.from(data).toString('latin1'))
      p = next
    } else if (b === 0x2c) {
      frames++
      const f = buf[p + 9]!
      p += 10 + (f & 0x80 ? 3 * 2 ** ((f & 7) + 1) : 0)
      p = skipSubBlocks(p + 1)[0] // LZW minimum code size, then data
    } else {
      throw new Error(`unexpected GIF block 0x${b.toString(16)} at ${p}`)
    }
  }
  return { width, height, frames, loops, comments }
}
