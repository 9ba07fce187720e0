/**
 * Draws resources/icon.png (512×512), the app's window and package icon: a face drawn in a 4×4 grid of
 * generator pixels. The PNG is committed; this script shows how it was made.
 *
 *   npx tsx scripts/make-icon.ts
 */
import { join } from 'node:path'
import sharp from 'sharp'

const SIZE = 512
const CELL = 72
const GRID = 4
const ORIGIN = (SIZE - CELL * GRID) / 2
// Generator-ish pixels: a face (skin, eyes, mouth) quantised to 4×4 cells.
const SHADES = [
  ['#f2c7a5', '#e0a987', '#e0a987', '#f2c7a5'],
  ['#e0a987', '#3b2f4a', '#3b2f4a', '#e0a987'],
  ['#f2c7a5', '#e0a987', '#d79a7a', '#f2c7a5'],
  ['#e0a987', '#b4505a', '#b4505a', '#e0a987'],
]
const cells = SHADES.flatMap((row, y) =>
  row.map(
    (fill, x) =>
      `<rect x="${ORIGIN + x * CELL}" y="${ORIGIN + y * CELL}" width="${CELL - 4}" height="${CELL - 4}" rx="10" fill="${fill}"/>`,
  ),
)
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#4c3fd1"/><stop offset="1" stop-color="#1d1b4b"/></linearGradient></defs>
  <rect width="${SIZE}" height="${SIZE}" rx="112" fill="url(#bg)"/>
  ${cells.join('\n  ')}
</svg>`

const target = join(import.meta.dirname, '../resources/icon.png')
await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toFile(target)
console.log(`icon in ${target}`)
