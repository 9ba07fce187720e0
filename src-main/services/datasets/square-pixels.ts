/**
 * The pixel work of an import after decoding, on interleaved uint8 buffers: to RGB, a square crop around a centre,
 * area-average downscaling, and the grayscale test.
 *
 * Grayscale policy (documented contract): an image is grayscale when, AFTER conversion to sRGB and cropping, its
 * channels are equal everywhere up to JPEG noise (max |R-G|,|G-B|,|R-B| ≤ GRAYSCALE_MAX_SPREAD and mean spread ≤
 * GRAYSCALE_MEAN_SPREAD).
 */

export const GRAYSCALE_MAX_SPREAD = 8
export const GRAYSCALE_MEAN_SPREAD = 1.5

/** Expand/trim an interleaved uint8 buffer to exactly 3 channels. */
export function toRgb(data: Uint8Array, pixels: number, channels: number): Uint8Array {
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
export function cropSquare(
  rgb: Uint8Array,
  w: number,
  h: number,
  side: number,
  centre?: { x: number; y: number },
): Uint8Array {
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

/** Content-based grayscale test on an RGB buffer (see the policy above). */
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
