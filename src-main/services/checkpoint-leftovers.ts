import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** How writeCheckpoint names its temporary folder (`.tmp-step-<9 digits>-<8 hex>`), and the only files it writes there. */
const TEMP_FOLDER = /^\.tmp-step-\d{9}-[0-9a-f]{8}$/
const CHECKPOINT_FILES = new Set(['tensors.bin', 'order.bin', 'state.json', 'manifest.json'])

/**
 * Removes the temporary folders a checkpoint write left when its process was killed half-way, from one run's checkpoints
 * folder. Call it only while this studio owns the run (nothing else writes there then). Only folders named exactly as
 * writeCheckpoint names them and holding nothing but its files go; a checkpoint is never one of them (the database only
 * records a checkpoint after its folder was renamed to `step-…`). Returns the names removed.
 */
export function removeTempCheckpoints(checkpointsDir: string): string[] {
  let entries: string[]
  try {
    entries = readdirSync(checkpointsDir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of entries) {
    const folder = join(checkpointsDir, name)
    if (!TEMP_FOLDER.test(name) || !statSync(folder).isDirectory()) continue
    const contents = readdirSync(folder, { withFileTypes: true })
    if (!contents.every((entry) => entry.isFile() && CHECKPOINT_FILES.has(entry.name))) continue
    rmSync(folder, { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}
