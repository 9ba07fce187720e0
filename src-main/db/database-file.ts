import { randomUUID } from 'node:crypto'
import { existsSync, linkSync, renameSync, rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { schemaVersion } from './migrate'

/**
 * Makes a missing database whole under a temporary name, then links it into place, so `file` never exists half made
 * (a crash leaves only the temporary file) and a database another process made meanwhile is never replaced.
 */
export function createDatabaseFile(file: string, initialise: (db: Database.Database) => void): void {
  if (existsSync(file)) return
  const temp = `${file}.new-${randomUUID().slice(0, 8)}`
  try {
    const db = new Database(temp)
    try {
      initialise(db)
    } finally {
      db.close()
    }
    try {
      linkSync(temp, file)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST') return
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error
      // A file system without hard links: a rename, checked just before, is the closest.
      if (!existsSync(file)) renameSync(temp, file)
    }
  } finally {
    rmSync(temp, { force: true })
    rmSync(`${temp}-wal`, { force: true })
    rmSync(`${temp}-shm`, { force: true })
  }
}

/** A consistent copy of the database as it is, beside it, named by its version, before a migration changes it. */
export function keepCopyBeforeMigrating(db: Database.Database, file: string): string {
  const copy = `${file}.v${schemaVersion(db)}.bak`
  const temp = `${copy}.${randomUUID().slice(0, 8)}`
  db.prepare('VACUUM INTO ?').run(temp)
  renameSync(temp, copy)
  return copy
}
