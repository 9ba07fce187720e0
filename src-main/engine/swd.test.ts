import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Sharp } from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { sampleFacesDir } from '../services/resources'
import { laplacianPyramid, swd, swdAgainst, swdReference } from './swd'
import type { ImageSet } from './swd'

const SIZE = 32
const OPTS = { descriptors: 4096, projections: 64, seed: 3 }

/** The shipped sample faces at 32 px, each through `edit` (a sharp pipeline step) first. */
async function faces(edit: (s: Sharp) => Sharp = (s) => s): Promise<ImageSet> {
  const files = readdirSync(sampleFacesDir())
    .filter((f) => f.endsWith('.jpg'))
    .sort()
  const pixels = new Uint8Array(files.length * SIZE * SIZE * 3)
  await Promise.all(
    files.map(async (f, i) => {
      const buf = await edit(sharp(join(sampleFacesDir(), f)).resize(SIZE, SIZE, { fit: 'cover' }))
        .removeAlpha()
        .raw()
        .toBuffer()
      pixels.set(buf, i * SIZE * SIZE * 3)
    }),
  )
  return { count: files.length, size: SIZE, channels: 3, pixels }
}

function subset(set: ImageSet, from: number, to: number): ImageSet {
  const per = set.size * set.size * set.channels
  return { ...set, count: to - from, pixels: set.pixels.slice(from * per, to * per) }
}

/** Each image moved `d` pixels right and down, grey where it left. */
function translate(set: ImageSet, d: number): ImageSet {
  const { size, channels: c } = set
  const pixels = new Uint8Array(set.pixels.length).fill(128)
  for (let n = 0; n < set.count; n++) {
    for (let y = d; y < size; y++) {
      const to = ((n * size + y) * size + d) * c
      const from = (n * size + y - d) * size * c
      pixels.set(set.pixels.subarray(from, from + (size - d) * c), to)
    }
  }
  return { ...set, pixels }
}

describe('sliced Wasserstein distance', () => {
  let real: ImageSet
  beforeAll(async () => {
    real = await faces()
  })

  it('a Laplacian pyramid holds the full-resolution band and the half-resolution low-pass image', () => {
    const [band, low] = laplacianPyramid(subset(real, 0, 2), 2)
    expect(band!.size).toBe(32)
    expect(low!.size).toBe(16)
    // the band of a smooth image is small next to the image itself
    const energy = (a: Float32Array) => a.reduce((s, v) => s + v * v, 0) / a.length
    expect(energy(band!.data)).toBeLessThan(energy(low!.data) / 20)
  })

  it('is 0 for identical sets and deterministic for a seed', () => {
    expect(swd(real, real, OPTS).mean).toBe(0)
    const other = subset(real, 0, 32)
    const a = swd(real, other, OPTS)
    expect(swd(real, other, OPTS)).toEqual(a)
    expect(swd(real, other, { ...OPTS, seed: 4 }).mean).not.toBe(a.mean)
    expect(a.levels).toHaveLength(2)
  })

  it('is stable across two subsets of the same photos', () => {
    const half = Math.floor(real.count / 2)
    const a = subset(real, 0, half)
    const b = subset(real, half, 2 * half)
    const ab = swd(a, b, OPTS).mean
    const ba = swd(b, a, OPTS).mean
    expect(ab).toBeGreaterThan(0)
    expect(Math.abs(ab - ba)).toBeLessThan(0.35 * Math.max(ab, ba))
  })

  it('is clearly larger for the same photos changed in colour, sharpness or layout, in the expected order', async () => {
    const ref = swdReference(real, OPTS)
    const score = (set: ImageSet) => swdAgainst(ref, set).mean
    const shifted = score(translate(real, 6))
    const tinted = score(await faces((s) => s.tint({ r: 255, g: 120, b: 160 })))
    const grey = score(await faces((s) => s.grayscale().toColourspace('srgb')))
    const mildBlur = score(await faces((s) => s.blur(0.8)))
    const blurred = score(await faces((s) => s.blur(2)))
    for (const differs of [shifted, tinted, grey, mildBlur, blurred]) expect(differs).toBeGreaterThan(50)
    expect(blurred).toBeGreaterThan(1.5 * mildBlur)
    expect(grey).toBeGreaterThan(2 * tinted)
  })

  it('refuses a generated set of another geometry', () => {
    const ref = swdReference(subset(real, 0, 8), OPTS)
    expect(() => swdAgainst(ref, { count: 1, size: 16, channels: 3, pixels: new Uint8Array(16 * 16 * 3) })).toThrow(
      /32 px/,
    )
  })
})
