/**
 * Identify a file by its content (magic bytes), never by its extension.
 *
 * This is an allow-list: only formats listed as `raster` are ever handed to the decoder.
 * SVG is recognised so it can be refused explicitly (it is never parsed or rendered, so
 * external references can never be fetched).
 */

export type RasterFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'avif' | 'heif'

export type SniffResult =
  | { kind: 'raster'; format: RasterFormat }
  | { kind: 'svg' }
  | { kind: 'unsupported'; format: string }
  | { kind: 'not-image'; what: string }
  | { kind: 'empty' }

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs'])
const AVIF_BRANDS = new Set(['avif', 'avis'])
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1', 'miaf'])
const VIDEO_BRANDS = new Set(['isom', 'iso2', 'mp41', 'mp42', 'qt  ', 'M4V ', 'M4A ', '3gp4', '3gp5', 'avc1', 'dash'])

function ascii(b: Uint8Array, start: number, len: number): string {
  let s = ''
  for (let i = start; i < start + len && i < b.length; i++) s += String.fromCharCode(b[i] ?? 0)
  return s
}

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false
  return true
}

function sniffIsoBmff(b: Uint8Array): SniffResult | null {
  if (b.length < 12 || ascii(b, 4, 4) !== 'ftyp') return null
  const boxSize = ((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)
  const brands = [ascii(b, 8, 4)]
  const end = Math.min(b.length, boxSize > 16 ? boxSize : 16, 256)
  for (let o = 16; o + 4 <= end; o += 4) brands.push(ascii(b, o, 4))
  if (brands.some((x) => AVIF_BRANDS.has(x))) return { kind: 'raster', format: 'avif' }
  if (brands.some((x) => HEIC_BRANDS.has(x))) return { kind: 'unsupported', format: 'HEIC (HEVC-compressed HEIF)' }
  if (brands.some((x) => GENERIC_HEIF_BRANDS.has(x))) return { kind: 'raster', format: 'heif' }
  if (brands[0] === 'crx ') return { kind: 'unsupported', format: 'Canon CR3 raw' }
  if (brands[0] === 'jxl ') return { kind: 'unsupported', format: 'JPEG XL' }
  if (brands.some((x) => VIDEO_BRANDS.has(x))) return { kind: 'not-image', what: 'a video or audio file' }
  return { kind: 'not-image', what: `an ISO media file (brand "${brands[0]?.trim()}")` }
}

function looksLikeSvg(b: Uint8Array): boolean {
  // Skip UTF-8 BOM / whitespace, then look for an <svg element in the first 4 KiB.
  let i = 0
  if (startsWith(b, [0xef, 0xbb, 0xbf])) i = 3
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++
  if (b[i] !== 0x3c /* < */) return false
  const head = ascii(b, i, 4096).toLowerCase()
  return /<svg[\s>:]/.test(head) || head.includes('<!doctype svg')
}

function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 1024)
  if (n === 0) return false
  let printable = 0
  for (let i = 0; i < n; i++) {
    const c = b[i] ?? 0
    if (c === 0) return false
    if (c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) printable++
  }
  return printable / n > 0.95
}

/** Identify `bytes` (the whole file or at least its first 4 KiB). */
export function sniffFormat(bytes: Uint8Array): SniffResult {
  const b = bytes
  if (b.length === 0) return { kind: 'empty' }
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { kind: 'raster', format: 'jpeg' }
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'raster', format: 'png' }
  const a6 = ascii(b, 0, 6)
  if (a6 === 'GIF87a' || a6 === 'GIF89a') return { kind: 'raster', format: 'gif' }
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { kind: 'raster', format: 'webp' }
  if (
    startsWith(b, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) ||
    startsWith(b, [0x49, 0x49, 0x2b, 0x00])
  ) {
    return { kind: 'raster', format: 'tiff' }
  }
  const iso = sniffIsoBmff(b)
  if (iso) return iso
  if (startsWith(b, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(b, [0xff, 0x4f, 0xff, 0x51])) {
    return { kind: 'unsupported', format: 'JPEG 2000' }
  }
  if (startsWith(b, [0xff, 0x0a]) || startsWith(b, [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) {
    return { kind: 'unsupported', format: 'JPEG XL' }
  }
  if (ascii(b, 0, 2) === 'BM' && b.length >= 18) {
    const dib = (b[14] ?? 0) | ((b[15] ?? 0) << 8)
    if ([12, 40, 52, 56, 64, 108, 124].includes(dib)) return { kind: 'unsupported', format: 'BMP' }
  }
  if (startsWith(b, [0x00, 0x00, 0x01, 0x00]) && b.length > 6) return { kind: 'unsupported', format: 'ICO' }
  if (ascii(b, 0, 4) === '8BPS') return { kind: 'unsupported', format: 'Photoshop PSD' }
  if (ascii(b, 0, 4) === 'qoif') return { kind: 'unsupported', format: 'QOI' }
  if (ascii(b, 0, 2) === 'P6' || ascii(b, 0, 2) === 'P5') return { kind: 'unsupported', format: 'PPM/PGM' }
  if (ascii(b, 0, 10) === '#?RADIANCE') return { kind: 'unsupported', format: 'Radiance HDR' }
  if (ascii(b, 0, 4) === 'v/1\u0001') return { kind: 'unsupported', format: 'OpenEXR' }
  if (looksLikeSvg(b)) return { kind: 'svg' }
  if (ascii(b, 0, 4) === '%PDF') return { kind: 'not-image', what: 'a PDF document' }
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]))
    return { kind: 'not-image', what: 'a ZIP archive' }
  if (startsWith(b, [0x1f, 0x8b])) return { kind: 'not-image', what: 'a gzip archive' }
  if (startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { kind: 'not-image', what: 'a 7-Zip archive' }
  if (ascii(b, 0, 4) === 'Rar!') return { kind: 'not-image', what: 'a RAR archive' }
  if (looksLikeText(b)) return { kind: 'not-image', what: 'a text file' }
  return { kind: 'not-image', what: 'of an unknown type' }
}
