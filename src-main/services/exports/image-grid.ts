/** Laying generated images out for exports: a grid (sprite sheets) and integer upscaling (GIF frames). */

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
export function upscale(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
  factor: number,
): Uint8Array {
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
