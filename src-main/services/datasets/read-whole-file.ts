/**
 * Reading an image file whole, by content: refuses what must be refused before reading (not a regular file, empty,
 * over the size limit) without blocking on FIFOs or devices, and always closes its descriptor.
 */
import { closeSync, constants as fsc, fstatSync, openSync, readSync, type Stats } from 'node:fs'
import { open } from 'node:fs/promises'
import { reject, rejectionFromFsError, type Rejection, type RejectionCode } from './rejection'

export type ReadResult = { ok: true; bytes: Buffer } | ({ ok: false } & Rejection)

function fail(code: RejectionCode, detail?: string): ReadResult {
  return { ok: false, ...reject(code, detail) }
}

const OPEN_FLAGS = fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0)

/** What is refused before reading: anything but a regular file, an empty file, one over the size limit. */
function refuseByStat(st: Stats, maxBytes: number): ReadResult | null {
  if (!st.isFile()) return fail('not-a-file', st.isDirectory() ? 'It is a directory.' : undefined)
  if (st.size === 0) return fail('empty-file')
  if (st.size > maxBytes)
    return fail('file-too-large', `${(st.size / 1048576).toFixed(0)} MiB > ${(maxBytes / 1048576).toFixed(0)} MiB.`)
  return null
}

/** Read a whole regular file; refuses FIFOs/devices without blocking; always closes the fd. */
export async function readWholeFile(path: string | Buffer, maxBytes: number): Promise<ReadResult> {
  let fh: Awaited<ReturnType<typeof open>> | undefined
  try {
    fh = await open(path, OPEN_FLAGS)
    const st = await fh.stat()
    const refused = refuseByStat(st, maxBytes)
    if (refused) return refused
    const buf = Buffer.allocUnsafe(st.size)
    let off = 0
    while (off < buf.length) {
      const { bytesRead } = await fh.read(buf, off, buf.length - off, off)
      if (bytesRead === 0) break
      off += bytesRead
    }
    if (off === 0) return fail('empty-file')
    return { ok: true, bytes: off === buf.length ? buf : buf.subarray(0, off) }
  } catch (err) {
    return { ok: false, ...rejectionFromFsError(err) }
  } finally {
    await fh?.close().catch(() => undefined)
  }
}

/**
 * Synchronous variant for worker threads: one thread-pool round trip fewer per call, and a
 * worker may block briefly (the main thread never calls this).
 */
export function readWholeFileSync(path: string | Buffer, maxBytes: number): ReadResult {
  let fd: number | undefined
  try {
    fd = openSync(path, OPEN_FLAGS)
    const st = fstatSync(fd)
    const refused = refuseByStat(st, maxBytes)
    if (refused) return refused
    const buf = Buffer.allocUnsafe(st.size)
    let off = 0
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off)
      if (n === 0) break
      off += n
    }
    if (off === 0) return fail('empty-file')
    return { ok: true, bytes: off === buf.length ? buf : buf.subarray(0, off) }
  } catch (err) {
    return { ok: false, ...rejectionFromFsError(err) }
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd)
      } catch {
        // already closed
      }
    }
  }
}
