/** Animated GIFs for exports (gifenc, a palette per frame) with a comment extension, and a block walker to read them back. */
import { createRequire } from 'node:module'
import type gifencModule from 'gifenc'

// gifenc's CommonJS build, whatever loads this file: its ESM build's default export is GIFEncoder alone, and Vite (the
// tests, in this thread) picks that one where Node picks the CommonJS object
const { GIFEncoder, applyPalette, quantize } = createRequire(import.meta.url)('gifenc') as typeof gifencModule

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
export function encodeGif(
  frameCount: number,
  frameAt: (frame: number) => Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3,
  opts: GifOptions,
): Uint8Array {
  if (frameCount < 1) throw new Error('a GIF needs at least one frame')
  const gif = GIFEncoder()
  for (let i = 0; i < frameCount; i++) {
    const rgba = toRgba(frameAt(i), channels)
    const palette = quantize(rgba, 256)
    gif.writeFrame(applyPalette(rgba, palette), width, height, {
      palette,
      delay: typeof opts.delayMs === 'number' ? opts.delayMs : opts.delayMs(i),
      repeat: opts.repeat ?? 0,
    })
    opts.onFrame?.(i + 1, frameCount)
  }
  gif.finish()
  const bytes = gif.bytes()
  if (!opts.comment) return bytes
  // the comment goes just before the trailer (0x3B): extensions may sit between any two blocks
  return Buffer.concat([
    bytes.subarray(0, bytes.length - 1),
    commentExtension(opts.comment),
    bytes.subarray(bytes.length - 1),
  ])
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
