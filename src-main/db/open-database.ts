import Database from 'better-sqlite3'
import { StudioError } from '../../src-shared/contract/errors'
import { assertNotNewer, migrate, schemaVersion } from './migrate'
import type { Migration } from './migration'
import { MIGRATIONS } from './migrations'
import { createDatabaseFile, keepCopyBeforeMigrating } from './database-file'
import { assertStudioDatabase, assertSqliteFile, STUDIO_APPLICATION_ID } from './studio-database-check'

export type StudioDatabase = Database.Database

export class DatabaseCorruptError extends StudioError {
  constructor(file: string, detail: string) {
    super(
      'CONFLICT',
      `The studio database ${file} failed its integrity check (${detail}). It was not modified: ` +
        'keep a copy, then restore it from a backup or start with another data folder.',
    )
  }
}

/**
 * Opens the single writer connection: WAL, synchronous=FULL, foreign keys on, a busy timeout. A missing database is
 * made whole beside its place and moved there; an existing file is never taken for a new one: it must be a SQLite
 * file of this studio that passes an integrity check before anything is written to it. A copy is kept before migrating.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): StudioDatabase {
  createDatabaseFile(file, (db) => {
    db.pragma(`application_id = ${STUDIO_APPLICATION_ID}`)
    db.pragma('journal_mode = WAL')
    migrate(db, migrations)
  })
  assertSqliteFile(file)
  const db = new Database(file, { timeout: 5000, fileMustExist: true })
  try {
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new DatabaseCorruptError(file, String(check))
    assertNotNewer(db, migrations)
    assertStudioDatabase(db, file)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    if (schemaVersion(db) < (migrations.at(-1)?.version ?? 0)) keepCopyBeforeMigrating(db, file)
    db.pragma(`application_id = ${STUDIO_APPLICATION_ID}`)
    migrate(db, migrations)
    return db
  } catch (error) {
    db.close()
    if (error instanceof StudioError) throw error
    if (error instanceof Error && /not a database|malformed|corrupt/i.test(error.message)) {
      throw new DatabaseCorruptError(file, error.message)
    }
    throw error
  }
}
