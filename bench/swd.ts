/**
 * SWD (src-main/engine/swd.ts) of folders of images: `npx tsx bench/swd.ts REAL_DIR SAMPLES_DIR [--size 32] [--seed 0]`
 * prints the figure ×1e3 per pyramid level and their mean. Both folders are read the same way (centre square,
 * resized to --size), so the studio's and the peer's samples are scored against the same real images.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import { swd } from '../src-main/engine/swd'
import type { ImageSet, SwdOptions, SwdResult } from '../src-main/engine/swd'

const IMAGE = /\.(jpe?g|png|webp)$/i

/** Every image file of a folder (sorted), centre-cropped to a square and resized to `size`, as one RGB set. */
export async function loadImageFolder(folder: string, size: number): Promise<ImageSet> {
  const files = readdirSync(folder)
    .filter((f) => IMAGE.test(f))
    .sort()
  return loadImages(
    files.map((f) => join(folder, f)),
    size,
  )
}

export async function loadImages(files: readonly string[], size: number): Promise<ImageSet> {
  const per = size * size * 3
  const pixels = new Uint8Array(files.length * per)
  for (let i = 0; i < files.length; i++) {
    const raw = await sharp(files[i])
      .resize(size, size, { fit: 'cover', kernel: 'cubic' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer()
    pixels.set(raw, i * per)
  }
  return { count: files.length, size, channels: 3, pixels }
}

export async function swdOfFolders(
  realDir: string,
  samplesDir: string,
  size: number,
  options: SwdOptions = {},
): Promise<SwdResult> {
  return swd(await loadImageFolder(realDir, size), await loadImageFolder(samplesDir, size), options)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { size: { type: 'string' }, seed: { type: 'string' } },
  })
  if (positionals.length !== 2) {
    console.error('usage: npx tsx bench/swd.ts REAL_DIR SAMPLES_DIR [--size 32] [--seed 0]')
    process.exit(2)
  }
  const result = await swdOfFolders(positionals[0]!, positionals[1]!, Number(values.size ?? 32), {
    seed: Number(values.seed ?? 0),
  })
  console.log(
    `SWD ×1e3: ${result.levels.map((v) => v.toFixed(1)).join(' / ')} per level, mean ${result.mean.toFixed(1)}`,
  )
}
