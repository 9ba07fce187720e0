import { closeSync, openSync, readSync, statSync } from 'node:fs'
import type { Database } from 'better-sqlite3'
import { StudioError } from '../../src-shared/contract/errors'
import { schemaVersion } from './migrate'

/** SQLite's application_id header field for the studio's database ("DCGS"); databases made before it have 0. */
export const STUDIO_APPLICATION_ID = 0x44434753
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')

export class NotAStudioDatabaseError extends StudioError {
  constructor(file: string, what: string) {
    super(
      'CONFLICT',
      `The studio database ${file} ${what}. Nothing was changed: if you have a backup of it, put it back; ` +
        'otherwise move this file away (the studio then starts a new, empty database) or start with another data folder.',
    )
  }
}

/** An existing file must look like SQLite before SQLite is let near it (SQLite takes a 0-byte file for a new database). */
export function assertSqliteFile(file: string): void {
  const size = statSync(file).size
  if (size === 0) throw new NotAStudioDatabaseError(file, "is empty (0 bytes), so it is not the studio's database")
  const header = Buffer.alloc(SQLITE_MAGIC.length)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, header, 0, header.length, 0)
  } finally {
    closeSync(fd)
  }
  if (!header.equals(SQLITE_MAGIC))
    throw new NotAStudioDatabaseError(
      file,
      `is not a SQLite database (${size} bytes that do not start with SQLite's header)`,
    )
}

/** The studio's own, or one made before the studio stamped its id (then it has the tables of its version). */
export function assertStudioDatabase(db: Database, file: string): void {
  const id = db.pragma('application_id', { simple: true }) as number
  if (id === STUDIO_APPLICATION_ID) return
  if (id !== 0)
    throw new NotAStudioDatabaseError(
      file,
      `is another application's SQLite database (application_id 0x${(id >>> 0).toString(16)})`,
    )
  const hasSettings =
    db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'settings'`).get() !== undefined
  if (schemaVersion(db) === 0 || !hasSettings)
    throw new NotAStudioDatabaseError(
      file,
      'is a SQLite database, but not one of DCGAN Studio (it has none of its tables)',
    )
}
