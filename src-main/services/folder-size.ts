import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Bytes used by the files under a folder of the studio's own (links are not followed). */
export function folderSize(folder: string): number {
  let total = 0
  let entries
  try {
    entries = readdirSync(folder, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const entry of entries) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) total += folderSize(path)
    else if (entry.isFile()) total += statSync(path).size
  }
  return total
}
