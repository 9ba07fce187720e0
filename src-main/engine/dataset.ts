/**
 * In-memory image datasets (NHWC uint8) and batch assembly into [-1, 1] float32 with optional
 * per-image horizontal flips, into a reusable buffer (one pass, no intermediate copies).
 */
export interface Dataset {
  count: number
  /** square side length in pixels */
  size: number
  channels: number
  /** count × size × size × channels, NHWC, row-major */
  pixels: Uint8Array
}

export function validateDataset(ds: Dataset): void {
  const expected = ds.count * ds.size * ds.size * ds.channels
  if (!Number.isInteger(ds.count) || ds.count < 1) throw new Error(`dataset is empty (count ${ds.count})`)
  if (ds.pixels.length !== expected) {
    throw new Error(
      `dataset pixel buffer has ${ds.pixels.length} bytes, expected ${expected} (= ${ds.count}×${ds.size}×${ds.size}×${ds.channels})`,
    )
  }
}

/** uint8 → [-1, 1]: v / 127.5 − 1, via a 256-entry table. */
const TO_UNIT = new Float32Array(256).map((_, v) => v / 127.5 - 1)

/**
 * Writes images `indices` of `ds` into `out` (length ≥ indices.length·size²·channels) as [-1, 1]
 * floats; image k is mirrored left↔right when flips[k] is non-zero.
 */
export function fillBatch(
  ds: Dataset,
  indices: ArrayLike<number>,
  flips: ArrayLike<number> | null,
  out: Float32Array,
): Float32Array {
  const { size, channels: c, pixels } = ds
  const row = size * c
  const img = size * row
  for (let k = 0; k < indices.length; k++) {
    const src = indices[k]! * img
    const dst = k * img
    if (flips && flips[k]) {
      for (let y = 0; y < size; y++) {
        const rs = src + y * row
        const rd = dst + y * row
        for (let x = 0; x < size; x++) {
          const s = rs + (size - 1 - x) * c
          const d = rd + x * c
          for (let ch = 0; ch < c; ch++) out[d + ch] = TO_UNIT[pixels[s + ch]!]!
        }
      }
    } else {
      for (let i = 0; i < img; i++) out[dst + i] = TO_UNIT[pixels[src + i]!]!
    }
  }
  return out
}

/** A dataset of `count` random-noise images (benchmarks, tests). */
export function randomDataset(count: number, size: number, channels: number, seed = 1): Dataset {
  const pixels = new Uint8Array(count * size * size * channels)
  let s = seed >>> 0 || 1
  for (let i = 0; i < pixels.length; i++) {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    pixels[i] = s & 255
  }
  return { count, size, channels, pixels }
}
