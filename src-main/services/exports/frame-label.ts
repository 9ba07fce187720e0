/** A caption band ("Epoch 12") under a GIF frame, drawn with a 3×5 pixel font: no font files, same on every machine. */

const GLYPHS: Record<string, readonly string[]> = {
  '0': ['111', '101', '101', '101', '111'],
  '1': ['010', '110', '010', '010', '111'],
  '2': ['111', '001', '111', '100', '111'],
  '3': ['111', '001', '111', '001', '111'],
  '4': ['101', '101', '111', '001', '001'],
  '5': ['111', '100', '111', '001', '111'],
  '6': ['111', '100', '111', '101', '111'],
  '7': ['111', '001', '010', '010', '010'],
  '8': ['111', '101', '111', '101', '111'],
  '9': ['111', '101', '111', '001', '111'],
  E: ['111', '100', '110', '100', '111'],
  p: ['000', '111', '101', '111', '100'],
  o: ['000', '111', '101', '101', '111'],
  c: ['000', '111', '100', '100', '111'],
  h: ['100', '100', '111', '101', '101'],
  ' ': ['000', '000', '000', '000', '000'],
}
const GLYPH_WIDTH = 3
const GLYPH_HEIGHT = 5

/**
 * `text` in light pixels on the frame's background, centred in a band `width` pixels wide; each font pixel
 * is `scale` pixels square. Only digits, spaces and the letters of "Epoch" are drawn.
 */
export function labelBand(
  text: string,
  width: number,
  channels: number,
  scale: number,
  background = 16,
): { pixels: Uint8Array; height: number } {
  const height = (GLYPH_HEIGHT + 2) * scale
  const pixels = new Uint8Array(width * height * channels).fill(background)
  const advance = (GLYPH_WIDTH + 1) * scale
  const left = Math.max(0, Math.floor((width - text.length * advance + scale) / 2))
  for (const [position, char] of [...text].entries()) {
    const glyph = GLYPHS[char]
    if (!glyph) throw new Error(`no glyph for "${char}"`)
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++)
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        if (glyph[gy]![gx] !== '1') continue
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) {
            const x = left + position * advance + gx * scale + dx
            const y = (gy + 1) * scale + dy
            if (x < width) pixels.fill(235, (y * width + x) * channels, (y * width + x + 1) * channels)
          }
      }
  }
  return { pixels, height }
}
