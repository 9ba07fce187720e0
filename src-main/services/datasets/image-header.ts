/**
 * Dimensions and EXIF orientation straight from JPEG/PNG headers, in JS. This spares one
 * sharp call per image (sharp's per-call setup is ~0.2–1 ms of synchronous JS-thread time),
 * and lets the pixel limit be enforced before any decoder runs. Returns null whenever
 * anything is unusual; the caller then asks sharp's metadata().
 */

export interface ImageHeader {
  width: number
  height: number
  /** EXIF orientation 1–8 (1 when absent). */
  orientation: number
}

function u16be(b: Uint8Array, o: number): number {
  return ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0)
}
function u32be(b: Uint8Array, o: number): number {
  return (((b[o] ?? 0) << 24) | ((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0)) >>> 0
}

/** Orientation tag from a TIFF structure (EXIF payload after "Exif\0\0"). */
function exifOrientation(b: Uint8Array, start: number, end: number): number | null {
  if (end - start < 8) return null
  const le = b[start] === 0x49 && b[start + 1] === 0x49
  const be = b[start] === 0x4d && b[start + 1] === 0x4d
  if (!le && !be) return null
  const r16 = (o: number): number => (le ? (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8) : u16be(b, o))
  const r32 = (o: number): number =>
    le ? ((b[o] ?? 0) | ((b[o + 1] ?? 0) << 8) | ((b[o + 2] ?? 0) << 16) | ((b[o + 3] ?? 0) << 24)) >>> 0 : u32be(b, o)
  if (r16(start + 2) !== 42) return null
  const ifd = start + r32(start + 4)
  if (ifd + 2 > end) return null
  const n = r16(ifd)
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12
    if (e + 12 > end) return null
    if (r16(e) === 0x0112) {
      const v = r16(e + 8)
      return v >= 1 && v <= 8 ? v : 1
    }
  }
  return 1
}

function jpegHeader(b: Uint8Array): ImageHeader | null {
  let o = 2
  let orientation = 1
  while (o + 4 <= b.length) {
    if (b[o] !== 0xff) return null
    const marker = b[o + 1] ?? 0
    if (marker === 0xff) {
      o++ // fill byte
      continue
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      o += 2
      continue
    }
    const len = u16be(b, o + 2)
    if (len < 2) return null
    const seg = o + 4
    if (marker === 0xe1 && b[seg] === 0x45 && b[seg + 1] === 0x78 && b[seg + 2] === 0x69 && b[seg + 3] === 0x66) {
      const v = exifOrientation(b, seg + 6, Math.min(b.length, o + 2 + len))
      if (v === null) return null
      orientation = v
    }
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
    if (isSof) {
      if (seg + 5 > b.length) return null
      const height = u16be(b, seg + 1)
      const width = u16be(b, seg + 3)
      if (!width || !height) return null
      return { width, height, orientation }
    }
    if (marker === 0xda || marker === 0xd9) return null // scan before frame header: odd
    o += 2 + len
  }
  return null
}

function pngHeader(b: Uint8Array): ImageHeader | null {
  if (
    b.length < 33 ||
    u32be(b, 8) !== 13 ||
    String.fromCharCode(b[12] ?? 0, b[13] ?? 0, b[14] ?? 0, b[15] ?? 0) !== 'IHDR'
  )
    return null
  const width = u32be(b, 16)
  const height = u32be(b, 20)
  if (!width || !height) return null
  // an eXIf chunk may carry an orientation: leave those to sharp
  let o = 33
  while (o + 8 <= b.length) {
    const len = u32be(b, o)
    const type = String.fromCharCode(b[o + 4] ?? 0, b[o + 5] ?? 0, b[o + 6] ?? 0, b[o + 7] ?? 0)
    if (type === 'eXIf') return null
    if (type === 'IDAT' || type === 'IEND') break
    o += 12 + len
  }
  return { width, height, orientation: 1 }
}

export function readImageHeader(bytes: Uint8Array, format: string): ImageHeader | null {
  if (format === 'jpeg') return jpegHeader(bytes)
  if (format === 'png') return pngHeader(bytes)
  return null
}
