/**
 * Packed training cache: one file per size so an epoch reads one file.
 *
 * Layout (little endian), 16-byte header then pixels:
 *   0  4  magic  "DCTC"
 *   4  2  version (1)
 *   6  1  channels (1 or 3)
 *   7  1  layout (0 = uint8 NHWC)
 *   8  4  size S (square side)
 *  12  4  count N
 *  16  N×S×S×C uint8, image-major, row-major, channels interleaved (NHWC)
 */
import { open, readFile, rename, rm } from 'node:fs/promises'

export const TRAINING_CACHE_MAGIC = 'DCTC'
export const TRAINING_CACHE_VERSION = 1
export const TRAINING_CACHE_HEADER_BYTES = 16

export interface TrainingCache {
  count: number
  size: number
  channels: 1 | 3
  /** count × size × size × channels uint8, NHWC. */
  pixels: Uint8Array
}

export class TrainingCacheError extends Error {
  override name = 'TrainingCacheError'
}

export function cacheFileName(size: number): string {
  return `cache-${size}.bin`
}

function encodeHeader(size: number, channels: 1 | 3, count: number): Buffer {
  const h = Buffer.alloc(TRAINING_CACHE_HEADER_BYTES)
  h.write(TRAINING_CACHE_MAGIC, 0, 'latin1')
  h.writeUInt16LE(TRAINING_CACHE_VERSION, 4)
  h.writeUInt8(channels, 6)
  h.writeUInt8(0, 7)
  h.writeUInt32LE(size, 8)
  h.writeUInt32LE(count, 12)
  return h
}

export interface TrainingCacheHeader {
  count: number
  size: number
  channels: 1 | 3
}

export function decodeHeader(h: Uint8Array): TrainingCacheHeader {
  if (h.length < TRAINING_CACHE_HEADER_BYTES) throw new TrainingCacheError('training cache: file too short')
  const b = Buffer.from(h.buffer, h.byteOffset, TRAINING_CACHE_HEADER_BYTES)
  if (b.toString('latin1', 0, 4) !== TRAINING_CACHE_MAGIC) throw new TrainingCacheError('training cache: bad magic')
  const version = b.readUInt16LE(4)
  if (version !== TRAINING_CACHE_VERSION) throw new TrainingCacheError(`training cache: unsupported version ${version}`)
  const channels = b.readUInt8(6)
  if (channels !== 1 && channels !== 3) throw new TrainingCacheError(`training cache: bad channel count ${channels}`)
  if (b.readUInt8(7) !== 0) throw new TrainingCacheError('training cache: unknown layout')
  return { channels, size: b.readUInt32LE(8), count: b.readUInt32LE(12) }
}

/** Write a whole cache at once (atomically: temp file + rename). */
export async function writeTrainingCache(path: string, cache: TrainingCache): Promise<void> {
  const { count, size, channels, pixels } = cache
  if (pixels.length !== count * size * size * channels) {
    throw new TrainingCacheError(
      `training cache: expected ${count * size * size * channels} bytes, got ${pixels.length}`,
    )
  }
  const tmp = `${path}.partial`
  const fh = await open(tmp, 'w')
  try {
    await fh.write(encodeHeader(size, channels, count), 0, TRAINING_CACHE_HEADER_BYTES, 0)
    await fh.write(pixels, 0, pixels.length, TRAINING_CACHE_HEADER_BYTES)
  } catch (err) {
    await fh.close()
    await rm(tmp, { force: true })
    throw err
  }
  await fh.close()
  await rename(tmp, path)
}

/** Read a cache into memory; optionally converted to `channels` (3→1 luma, 1→3 replicate). */
export async function readTrainingCache(path: string, options?: { channels?: 1 | 3 }): Promise<TrainingCache> {
  const buf = await readFile(path)
  const header = decodeHeader(buf)
  const { count, size, channels } = header
  const expected = TRAINING_CACHE_HEADER_BYTES + count * size * size * channels
  if (buf.length !== expected) {
    throw new TrainingCacheError(`training cache: expected ${expected} bytes, file has ${buf.length}`)
  }
  const pixels = new Uint8Array(
    buf.buffer,
    buf.byteOffset + TRAINING_CACHE_HEADER_BYTES,
    count * size * size * channels,
  )
  const want = options?.channels ?? channels
  if (want === channels) return { count, size, channels, pixels }
  return { count, size, channels: want, pixels: convertChannels(pixels, channels, want) }
}

/** Convert interleaved uint8 pixels between 3 channels (sRGB) and 1 channel (Rec.601 luma). */
export function convertChannels(src: Uint8Array, from: 1 | 3, to: 1 | 3): Uint8Array {
  if (from === to) return src
  const n = src.length / from
  const out = new Uint8Array(n * to)
  if (from === 3) {
    for (let i = 0, s = 0; i < n; i++, s += 3) {
      out[i] = (299 * (src[s] ?? 0) + 587 * (src[s + 1] ?? 0) + 114 * (src[s + 2] ?? 0) + 500) / 1000
    }
  } else {
    for (let i = 0, d = 0; i < n; i++, d += 3) {
      const v = src[i] ?? 0
      out[d] = v
      out[d + 1] = v
      out[d + 2] = v
    }
  }
  return out
}

/**
 * Streaming writer: append images one at a time (buffered), then `finish()` writes the count
 * into the header. Used by the import so memory stays bounded for 10k+ images.
 */
export class TrainingCacheWriter {
  private count = 0
  private pending: Uint8Array[] = []
  private pendingBytes = 0
  private offset = TRAINING_CACHE_HEADER_BYTES
  private constructor(
    private readonly fh: Awaited<ReturnType<typeof open>>,
    readonly path: string,
    readonly size: number,
    readonly channels: 1 | 3,
    private readonly flushBytes: number,
  ) {}

  static async create(path: string, size: number, channels: 1 | 3, flushBytes = 1 << 20): Promise<TrainingCacheWriter> {
    const fh = await open(path, 'w')
    try {
      await fh.write(encodeHeader(size, channels, 0), 0, TRAINING_CACHE_HEADER_BYTES, 0)
    } catch (err) {
      await fh.close()
      throw err
    }
    return new TrainingCacheWriter(fh, path, size, channels, flushBytes)
  }

  get imageCount(): number {
    return this.count
  }

  /** Append one image (size×size×channels bytes). */
  async append(pixels: Uint8Array): Promise<void> {
    if (pixels.length !== this.size * this.size * this.channels) {
      throw new TrainingCacheError(
        `training cache: image has ${pixels.length} bytes, expected ${this.size * this.size * this.channels}`,
      )
    }
    this.pending.push(pixels)
    this.pendingBytes += pixels.length
    this.count++
    if (this.pendingBytes >= this.flushBytes) await this.flush()
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return
    const chunk = Buffer.concat(this.pending, this.pendingBytes)
    this.pending = []
    this.pendingBytes = 0
    let written = 0
    while (written < chunk.length) {
      const { bytesWritten } = await this.fh.write(chunk, written, chunk.length - written, this.offset + written)
      written += bytesWritten
    }
    this.offset += chunk.length
  }

  /** Flush, write the final count, close. */
  async finish(): Promise<TrainingCacheHeader> {
    try {
      await this.flush()
      await this.fh.write(encodeHeader(this.size, this.channels, this.count), 0, TRAINING_CACHE_HEADER_BYTES, 0)
    } finally {
      await this.fh.close()
    }
    return { count: this.count, size: this.size, channels: this.channels }
  }

  /** Close without finishing (the caller removes the file). */
  async abort(): Promise<void> {
    this.pending = []
    await this.fh.close().catch(() => undefined)
  }
}

/** Rewrite a cache file with another channel count, streaming in chunks (used for all-grayscale datasets). */
export async function rewriteTrainingCacheChannels(path: string, channels: 1 | 3): Promise<void> {
  const src = await open(path, 'r')
  let header: TrainingCacheHeader
  try {
    const h = Buffer.alloc(TRAINING_CACHE_HEADER_BYTES)
    await src.read(h, 0, TRAINING_CACHE_HEADER_BYTES, 0)
    header = decodeHeader(h)
    if (header.channels === channels) return
    const tmp = `${path}.rewrite`
    const out = await TrainingCacheWriter.create(tmp, header.size, channels)
    try {
      const per = header.size * header.size * header.channels
      const batch = Math.max(1, Math.floor((4 << 20) / per))
      const buf = Buffer.alloc(per * batch)
      for (let i = 0; i < header.count; i += batch) {
        const n = Math.min(batch, header.count - i)
        await src.read(buf, 0, n * per, TRAINING_CACHE_HEADER_BYTES + i * per)
        for (let k = 0; k < n; k++) {
          await out.append(convertChannels(buf.subarray(k * per, (k + 1) * per), header.channels, channels))
        }
      }
      await out.finish()
    } catch (err) {
      await out.abort()
      await rm(tmp, { force: true })
      throw err
    }
    await src.close()
    await rename(tmp, path)
    return
  } finally {
    await src.close().catch(() => undefined)
  }
}

/** Overwrite one image in place (e.g. after the user moves its crop centre). */
export async function updateTrainingCacheEntry(path: string, index: number, pixels: Uint8Array): Promise<void> {
  const fh = await open(path, 'r+')
  try {
    const h = Buffer.alloc(TRAINING_CACHE_HEADER_BYTES)
    await fh.read(h, 0, TRAINING_CACHE_HEADER_BYTES, 0)
    const { count, size, channels } = decodeHeader(h)
    const per = size * size * channels
    if (!(index >= 0 && index < count))
      throw new TrainingCacheError(`training cache: index ${index} out of range 0..${count - 1}`)
    const data =
      pixels.length === per
        ? pixels
        : pixels.length === size * size * 3 && channels === 1
          ? convertChannels(pixels, 3, 1)
          : null
    if (!data) throw new TrainingCacheError(`training cache: entry must be ${per} bytes`)
    await fh.write(data, 0, per, TRAINING_CACHE_HEADER_BYTES + index * per)
  } finally {
    await fh.close()
  }
}
