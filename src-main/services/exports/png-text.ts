/** PNGs with text metadata for exports: tEXt/iTXt chunks written after IHDR and read back. */
import { crc32 } from 'node:zlib'
import { encodePng as encodePlainPng, PNG_SIGNATURE, pngChunk } from '../datasets/png-encode'

export interface PngChunk {
  type: string
  data: Uint8Array
  /** whether the stored CRC matches */
  crcOk: boolean
}

/** All chunks of a PNG (throws on a bad signature or a truncated chunk). */
export function pngChunks(png: Uint8Array): PngChunk[] {
  if (png.length < 8 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG file')
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  const out: PngChunk[] = []
  let p = 8
  while (p + 12 <= png.length) {
    const len = view.getUint32(p)
    if (p + 12 + len > png.length) throw new Error('truncated PNG chunk')
    const typeAndData = png.subarray(p + 4, p + 8 + len)
    const type = String.fromCharCode(...typeAndData.subarray(0, 4))
    out.push({ type, data: typeAndData.subarray(4), crcOk: crc32(typeAndData) >>> 0 === view.getUint32(p + 8 + len) })
    p += 12 + len
    if (type === 'IEND') break
  }
  return out
}

const isLatin1Printable = (s: string) => /^[\x20-\x7e\xa0-\xff\n]*$/.test(s)

/** tEXt for Latin-1 text, iTXt (UTF-8, uncompressed) otherwise. Keywords: 1–79 Latin-1 characters. */
function textChunk(keyword: string, value: string): Uint8Array {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || keyword !== keyword.trim() || keyword.includes('  '))
    throw new Error(`invalid PNG text keyword '${keyword}'`)
  const key = Buffer.from(keyword, 'latin1')
  if (isLatin1Printable(value))
    return pngChunk('tEXt', Buffer.concat([key, Uint8Array.of(0), Buffer.from(value, 'latin1')]))
  // keyword \0 compression-flag(0) method(0) language-tag \0 translated-keyword \0 text(UTF-8)
  return pngChunk('iTXt', Buffer.concat([key, Uint8Array.of(0, 0, 0, 0, 0), Buffer.from(value, 'utf8')]))
}

/** The PNG with text chunks inserted right after IHDR (before the image data, where readers look first). */
export function addPngText(png: Uint8Array, entries: Record<string, string>): Uint8Array {
  const chunks = pngChunks(png)
  const ihdr = chunks[0]
  if (ihdr?.type !== 'IHDR') throw new Error('PNG does not start with IHDR')
  const at = 8 + 12 + ihdr.data.length
  const extra = Object.entries(entries).map(([k, v]) => textChunk(k, v))
  return Buffer.concat([png.subarray(0, at), ...extra, png.subarray(at)])
}

/** tEXt and iTXt entries of a PNG (zTXt and compressed iTXt are skipped). */
export function readPngText(png: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {}
  for (const c of pngChunks(png)) {
    if (c.type === 'tEXt') {
      const z = c.data.indexOf(0)
      if (z > 0)
        out[Buffer.from(c.data.subarray(0, z)).toString('latin1')] = Buffer.from(c.data.subarray(z + 1)).toString(
          'latin1',
        )
    } else if (c.type === 'iTXt') {
      const z = c.data.indexOf(0)
      if (z <= 0 || c.data[z + 1] !== 0) continue
      const lang = c.data.indexOf(0, z + 3)
      const trans = lang < 0 ? -1 : c.data.indexOf(0, lang + 1)
      if (trans < 0) continue
      out[Buffer.from(c.data.subarray(0, z)).toString('latin1')] = Buffer.from(c.data.subarray(trans + 1)).toString(
        'utf8',
      )
    }
  }
  return out
}

/** Raw 8-bit pixels (1 or 3 channels) → PNG bytes (maximum compression) with the given text chunks. */
export function encodePng(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3,
  text: Record<string, string>,
): Uint8Array {
  return addPngText(encodePlainPng(pixels, width, height, channels, 9), text)
}
