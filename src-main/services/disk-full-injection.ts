/**
 * A disk that fills up, for tests and bench/reliability.ts: from the `fromWrite`-th write of a file under `folder`
 * on, every write there that needs space fails with ENOSPC, as the file system's would, until `free()`. Like ext4 or
 * tmpfs, overwriting bytes a file already has needs none and goes through. It works at the seam every
 * write site of the studio goes through: `fs.promises` (writeFile, copyFile, and the `write` of a FileHandle it
 * opens), imported as `fs.promises` or as `node:fs/promises`. Writes made in this thread only: give the export
 * service its in-thread producer.
 */
import { createHash } from 'node:crypto'
import { promises as fsp, readdirSync, readFileSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { join, relative, resolve, sep } from 'node:path'

export interface FullDisk {
  /** writes under the folder so far, the failed ones included */
  readonly writes: number
  /** writes that failed */
  readonly refused: number
  /** space is freed: writes succeed again, and the file system is as it was */
  free(): void
}

export function fillDiskUnder(folder: string, { fromWrite = 1 }: { fromWrite?: number } = {}): FullDisk {
  const root = resolve(folder)
  const under = (file: unknown) => {
    const path = typeof file === 'string' ? resolve(file) : file instanceof URL ? resolve(file.pathname) : null
    return path !== null && (path === root || path.startsWith(root + sep))
  }
  let writes = 0
  let refused = 0
  let full = true
  /** Counts one write under the folder, and throws ENOSPC where the disk is full by then. */
  const write = (file: unknown, syscall: string) => {
    writes++
    if (!full || writes < fromWrite) return
    refused++
    throw Object.assign(new Error(`ENOSPC: no space left on device, ${syscall} '${String(file)}'`), {
      code: 'ENOSPC',
      errno: -28,
      syscall,
      path: String(file),
    })
  }
  const original = { writeFile: fsp.writeFile, copyFile: fsp.copyFile, open: fsp.open }
  const patched: Partial<typeof fsp> = {
    writeFile: async (file, ...rest) => {
      if (under(file)) write(file, 'write')
      return original.writeFile(file, ...rest)
    },
    copyFile: async (source, destination, ...rest) => {
      if (under(destination)) write(destination, 'copyfile')
      return original.copyFile(source, destination, ...rest)
    },
    open: async (file, ...rest) => {
      const handle = await original.open(file, ...rest)
      if (!under(file)) return handle
      let size = (await handle.stat()).size
      const handleWrite = handle.write.bind(handle) as (...args: unknown[]) => unknown
      Object.defineProperty(handle, 'write', {
        value: async (...args: unknown[]) => {
          const [data, offset = 0, length, position] = args as [Uint8Array, number?, number?, number?]
          const end = typeof position === 'number' ? position + (length ?? data.byteLength - offset) : Infinity
          if (end > size) write(file, 'write')
          if (end !== Infinity) size = Math.max(size, end)
          return handleWrite(...args)
        },
      })
      return handle
    },
  }
  Object.assign(fsp, patched)
  syncBuiltinESMExports()
  return {
    get writes() {
      return writes
    },
    get refused() {
      return refused
    },
    free() {
      if (!full) return
      full = false
      Object.assign(fsp, original)
      syncBuiltinESMExports()
    },
  }
}

/** Every file under `folder` with its content hash: what a full disk must leave as it was. */
export function folderContents(folder: string): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else files[relative(folder, path)] = createHash('sha256').update(readFileSync(path)).digest('hex')
    }
  }
  walk(folder)
  return files
}
