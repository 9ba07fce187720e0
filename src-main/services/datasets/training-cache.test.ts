import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanupTempDirs, makeTempDir } from './test-fixtures'
import {
  readTrainingCache,
  rewriteTrainingCacheChannels,
  TRAINING_CACHE_HEADER_BYTES,
  TrainingCacheWriter,
  updateTrainingCacheEntry,
  writeTrainingCache,
} from './training-cache'

afterAll(cleanupTempDirs)

function pattern(n: number, seed = 1): Uint8Array {
  const a = new Uint8Array(n)
  for (let i = 0; i < n; i++) a[i] = (i * 31 + seed * 17) & 255
  return a
}

describe('training cache', () => {
  it('round-trips count, size, channels and pixels (NHWC uint8)', async () => {
    const dir = makeTempDir()
    const path = join(dir, 'cache-32.bin')
    const pixels = pattern(5 * 32 * 32 * 3)
    await writeTrainingCache(path, { count: 5, size: 32, channels: 3, pixels })
    const bytes = readFileSync(path)
    expect(bytes.length).toBe(TRAINING_CACHE_HEADER_BYTES + pixels.length)
    expect(bytes.toString('latin1', 0, 4)).toBe('DCTC')
    const c = await readTrainingCache(path)
    expect([c.count, c.size, c.channels]).toEqual([5, 32, 3])
    expect(Buffer.compare(Buffer.from(c.pixels), Buffer.from(pixels))).toBe(0)
  })

  it('streams with the writer and patches one entry in place', async () => {
    const dir = makeTempDir()
    const path = join(dir, 'c.bin')
    const w = await TrainingCacheWriter.create(path, 8, 3, 100) // tiny flush size: many flushes
    const imgs = [1, 2, 3, 4].map((s) => pattern(8 * 8 * 3, s))
    for (const img of imgs) await w.append(img)
    await expect(w.append(new Uint8Array(5))).rejects.toThrow(/bytes/)
    expect(await w.finish()).toEqual({ count: 4, size: 8, channels: 3 })
    const c = await readTrainingCache(path)
    expect(Buffer.compare(Buffer.from(c.pixels), Buffer.concat(imgs))).toBe(0)
    const patch = pattern(8 * 8 * 3, 9)
    await updateTrainingCacheEntry(path, 2, patch)
    const d = await readTrainingCache(path)
    expect(Buffer.compare(Buffer.from(d.pixels.subarray(2 * 192, 3 * 192)), Buffer.from(patch))).toBe(0)
    await expect(updateTrainingCacheEntry(path, 4, patch)).rejects.toThrow(/out of range/)
  })

  it('converts between 3 and 1 channels (file rewrite and on read)', async () => {
    const dir = makeTempDir()
    const path = join(dir, 'g.bin')
    const gray = new Uint8Array(2 * 4 * 4 * 3)
    for (let i = 0; i < gray.length; i += 3) gray[i] = gray[i + 1] = gray[i + 2] = (i / 3) * 7
    await writeTrainingCache(path, { count: 2, size: 4, channels: 3, pixels: gray })
    const as1 = await readTrainingCache(path, { channels: 1 })
    expect(as1.channels).toBe(1)
    expect(Array.from(as1.pixels.subarray(0, 4))).toEqual([0, 7, 14, 21])
    await rewriteTrainingCacheChannels(path, 1)
    const c = await readTrainingCache(path)
    expect([c.count, c.channels, c.pixels.length]).toEqual([2, 1, 32])
    expect(Buffer.compare(Buffer.from(c.pixels), Buffer.from(as1.pixels))).toBe(0)
    const back = await readTrainingCache(path, { channels: 3 })
    expect(Buffer.compare(Buffer.from(back.pixels), Buffer.from(gray))).toBe(0)
  })

  it('rejects bad magic, bad version and wrong length', async () => {
    const dir = makeTempDir()
    const good = join(dir, 'ok.bin')
    await writeTrainingCache(good, { count: 1, size: 2, channels: 1, pixels: new Uint8Array(4) })
    const bytes = readFileSync(good)
    const bad = (name: string, mutate: (b: Buffer) => Buffer): string => {
      const p = join(dir, name)
      writeFileSync(p, mutate(Buffer.from(bytes)))
      return p
    }
    await expect(readTrainingCache(bad('magic', (b) => (b.write('XXXX', 0), b)))).rejects.toThrow(/magic/)
    await expect(readTrainingCache(bad('version', (b) => (b.writeUInt16LE(9, 4), b)))).rejects.toThrow(/version/)
    await expect(readTrainingCache(bad('short', (b) => b.subarray(0, b.length - 1)))).rejects.toThrow(/expected/)
    await expect(
      writeTrainingCache(join(dir, 'x.bin'), { count: 2, size: 2, channels: 1, pixels: new Uint8Array(4) }),
    ).rejects.toThrow()
  })
})
