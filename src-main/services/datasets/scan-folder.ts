/**
 * Walk a folder recursively and list candidate files, reporting what cannot be imported
 * before any file is opened: names that are not valid UTF-8, symlinks that loop or leave
 * the folder, broken links, devices/pipes/sockets.
 *
 * Symlinks inside the folder are followed (a directory reached twice is walked once).
 * Hidden entries (name starting with '.') are skipped unless `includeHidden`.
 * File type is never judged by extension: every regular file is a candidate.
 */
import type { Dirent } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { reject, rejectionFromFsError, type RejectionCode } from './rejection'
import { isSameOrInside } from '../path-inside'

export interface ScannedFile {
  /** Absolute path (through the original folder path, links not resolved). */
  absPath: string
  /** Path relative to the folder, '/' separated: the stable name stored and shown. */
  relPath: string
}

export interface ScanIssue {
  file: string
  code: RejectionCode
  message: string
}

export interface ScanResult {
  root: string
  files: ScannedFile[]
  issues: ScanIssue[]
  /** Hidden files and folders (names starting with '.') that were skipped, relative to the folder; folders end in '/'. */
  hidden: string[]
}

export interface ScanOptions {
  includeHidden?: boolean
  signal?: AbortSignal | undefined
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
const lossy = new TextDecoder('utf-8')
/** Sort key for natural order ("img2" < "img10"), case-insensitive; cheap to compare. */
function naturalKey(p: string): string {
  return p.toLowerCase().replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, '').padStart(16, '0'))
}

export function compareRelPaths(a: string, b: string): number {
  const ka = naturalKey(a)
  const kb = naturalKey(b)
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0
}

/** Sort in natural path order, computing each key once. */
export function sortByRelPath<T>(items: T[], path: (t: T) => string): T[] {
  const keyed = items.map((item) => ({ item, key: naturalKey(path(item)), raw: path(item) }))
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.raw < y.raw ? -1 : x.raw > y.raw ? 1 : 0))
  return keyed.map((k) => k.item)
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/')
}

export async function scanFolder(folder: string, options: ScanOptions = {}): Promise<ScanResult> {
  const { includeHidden = false, signal } = options
  const rootReal = await realpath(folder)
  const rootStat = await stat(rootReal)
  if (!rootStat.isDirectory()) throw new Error(`not a folder: ${folder}`)

  const files: ScannedFile[] = []
  const issues: ScanIssue[] = []
  const hidden: string[] = []
  const visited = new Set<string>([rootReal])
  // queue of [path as seen from the root, real path]; linked directories are deferred so
  // that real directories claim their files first.
  const queue: { abs: string; real: string }[] = [{ abs: folder, real: rootReal }]
  const deferred: { abs: string; real: string; rel: string }[] = []
  const rel = (abs: string): string => toPosix(relative(folder, abs))
  const issue = (file: string, code: RejectionCode, detail?: string): void => {
    issues.push({ file, ...reject(code, detail) })
  }

  const walk = async (dir: { abs: string; real: string }): Promise<void> => {
    signal?.throwIfAborted()
    let entries: Dirent<Buffer>[]
    try {
      entries = await readdir(dir.abs, { encoding: 'buffer', withFileTypes: true })
    } catch (err) {
      const r = rejectionFromFsError(err)
      issues.push({ file: rel(dir.abs) || '.', code: r.code, message: `Folder could not be listed: ${r.message}` })
      return
    }
    for (const entry of entries) {
      const nameBuf = entry.name
      let name: string
      try {
        name = utf8.decode(nameBuf)
      } catch {
        const display = toPosix(join(rel(dir.abs), lossy.decode(nameBuf)))
        issue(display, 'unreadable-name', entry.isDirectory() ? 'This folder was not entered.' : undefined)
        continue
      }
      if (!includeHidden && name.startsWith('.')) {
        hidden.push(toPosix(join(rel(dir.abs), name)) + (entry.isDirectory() ? '/' : ''))
        continue
      }
      const abs = join(dir.abs, name)
      const relPath = rel(abs)
      if (entry.isDirectory()) {
        const real = join(dir.real, name)
        if (!visited.has(real)) {
          visited.add(real)
          queue.push({ abs, real })
        }
      } else if (entry.isFile()) {
        files.push({ absPath: abs, relPath })
      } else if (entry.isSymbolicLink()) {
        let target: string
        try {
          target = await realpath(abs)
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code
          if (code === 'ELOOP') issue(relPath, 'symlink-loop')
          else if (code === 'ENOENT' || code === 'ENOTDIR') issue(relPath, 'broken-symlink')
          else issues.push({ file: relPath, ...rejectionFromFsError(err) })
          continue
        }
        if (!isSameOrInside(rootReal, target)) {
          issue(relPath, 'symlink-outside')
          continue
        }
        let st
        try {
          st = await stat(target)
        } catch (err) {
          issues.push({ file: relPath, ...rejectionFromFsError(err) })
          continue
        }
        if (st.isDirectory()) {
          // pointing at the folder itself or one of the link's ancestors: a loop
          if (isSameOrInside(target, dir.real))
            issue(relPath, 'symlink-loop', 'It points to a folder that contains it.')
          else deferred.push({ abs, real: target, rel: relPath })
        } else if (st.isFile()) {
          files.push({ absPath: abs, relPath })
        } else {
          issue(relPath, 'not-a-file')
        }
      } else {
        issue(relPath, 'not-a-file')
      }
    }
  }

  for (;;) {
    const next = queue.shift()
    if (next) {
      await walk(next)
      continue
    }
    const link = deferred.shift()
    if (!link) break
    if (visited.has(link.real)) continue // same folder already walked through another path
    visited.add(link.real)
    queue.push({ abs: link.abs, real: link.real })
  }

  return {
    root: folder,
    files: sortByRelPath(files, (f) => f.relPath),
    issues: sortByRelPath(issues, (i) => i.file),
    hidden: sortByRelPath(hidden, (file) => file),
  }
}
