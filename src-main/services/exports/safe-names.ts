/**
 * Output names and paths for exports: names made from run names (user text) are sanitised for
 * every platform, never overwrite an existing entry, and always resolve inside the destination.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { isInside } from '../path-inside'

const MAX_NAME_BYTES = 120
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i
// C0/C1 controls, DEL, bidi embeddings/overrides/isolates and marks, zero-width and BOM characters
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu
// separators and characters Windows refuses in names
const FORBIDDEN = /[/\\:*?"<>|]/g

/**
 * A file or folder name that is safe on Windows, macOS and Linux: no path separators or `..`, no
 * control or bidi characters, no reserved device names (CON, NUL, COM1, … also with an extension),
 * no leading/trailing dots or spaces, at most 120 UTF-8 bytes; `fallback` when nothing is left.
 * An extension (e.g. '.png') is appended after sanitising and is kept when the stem is shortened.
 */
export function sanitizeName(raw: string, opts: { fallback?: string; extension?: string } = {}): string {
  const fallback = opts.fallback ?? 'export'
  const ext = opts.extension ?? ''
  let s = raw
    .normalize('NFC')
    .replace(/[\t\n\r\v\f]/g, ' ')
    .replace(INVISIBLE, '')
    .replace(FORBIDDEN, '_')
  s = s.replace(/\s+/g, ' ')
  s = s.replace(/\.{2,}/g, '.') // no '..' anywhere
  s = s.replace(/^[\s.]+|[\s.]+$/g, '')
  s = truncateUtf8(s, MAX_NAME_BYTES - Buffer.byteLength(ext)).replace(/[\s.]+$/g, '')
  const stem = s.split('.')[0]!.trim()
  if (WINDOWS_RESERVED.test(stem)) s = `_${s}`
  if (!s) s = fallback === raw ? 'export' : sanitizeName(fallback, { fallback: 'export' })
  return s + ext
}

function truncateUtf8(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s) <= maxBytes) return s
  let out = ''
  let bytes = 0
  for (const ch of s) {
    const b = Buffer.byteLength(ch)
    if (bytes + b > maxBytes) break
    out += ch
    bytes += b
  }
  return out
}

/** `name`, `name (2)`, `name (3)`… keeping the extension: `face.png` → `face (2).png`. */
export function numberedName(name: string, n: number): string {
  if (n <= 1) return name
  const ext = path.extname(name)
  const stem = ext && ext !== name ? name.slice(0, -ext.length) : name
  return `${stem} (${n})${ext && ext !== name ? ext : ''}`
}

export class UnsafePathError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnsafePathError'
  }
}

/**
 * The destination folder as a real path (symlinks in the chosen path resolved once, up front), and
 * checked to be a directory.
 */
export async function realDestination(dest: string): Promise<string> {
  const real = await fsp.realpath(path.resolve(dest))
  const st = await fsp.stat(real)
  if (!st.isDirectory()) throw new UnsafePathError(`${dest} is not a folder`)
  return real
}

/**
 * A full path inside `destReal` (a realDestination) for `name` (sanitised here), whose name is not
 * taken by anything: a file, folder, or symlink (dangling ones included: lstat, never followed).
 * `reserved` names (case-insensitively, as on Windows and macOS) are skipped too.
 */
export async function uniquePath(
  destReal: string,
  name: string,
  reserved: ReadonlySet<string> = new Set(),
): Promise<string> {
  const safe = sanitizeName(name)
  const lowerReserved = new Set([...reserved].map((r) => r.toLowerCase()))
  for (let n = 1; n < 10_000; n++) {
    const candidate = numberedName(safe, n)
    if (lowerReserved.has(candidate.toLowerCase())) continue
    const full = path.join(destReal, candidate)
    assertInside(destReal, full)
    if (!(await exists(full))) return full
  }
  throw new UnsafePathError(`no free name for ${safe} in ${destReal}`)
}

/** Throws unless `full` is strictly inside `destReal`. */
export function assertInside(destReal: string, full: string): void {
  if (!isInside(destReal, full)) throw new UnsafePathError(`${full} is outside the export folder ${destReal}`)
}

/** lstat-based: true for a dangling symlink too. */
export async function exists(full: string): Promise<boolean> {
  try {
    await fsp.lstat(full)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw e
  }
}

/**
 * Moves `from` (a file or folder in a staging folder on the same file system) to a free name in
 * `destReal` without ever replacing anything: files are hard-linked (EEXIST on a race) then unlinked;
 * folders are renamed after an lstat check, retrying with the next number if the name was taken
 * meanwhile. Returns the final path.
 */
export async function moveIntoPlace(from: string, destReal: string, name: string): Promise<string> {
  const isDir = (await fsp.lstat(from)).isDirectory()
  for (let attempt = 0; attempt < 20; attempt++) {
    const to = await uniquePath(destReal, name)
    try {
      if (isDir) {
        await fsp.rename(from, to)
      } else {
        try {
          await fsp.link(from, to)
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code
          if (code === 'EEXIST') throw e
          // file systems without hard links (FAT, some network shares): rename after the check
          if (await exists(to)) continue
          await fsp.rename(from, to)
          return to
        }
        await fsp.unlink(from)
      }
      return to
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EISDIR' || code === 'ENOTDIR') continue
      throw e
    }
  }
  throw new UnsafePathError(`could not find a free name for ${name} in ${destReal}`)
}
