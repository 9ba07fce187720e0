import Database from 'better-sqlite3'
import { StudioError } from '../../src-shared/contract/errors'
import { assertNotNewer, migrate } from './migrate'
import type { Migration } from './migration'
import { MIGRATIONS } from './migrations'

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
 * Opens the single writer connection: WAL, synchronous=FULL, foreign keys on, a busy timeout,
 * an integrity check before anything is written, then the migrations.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): StudioDatabase {
  const db = new Database(file, { timeout: 5000 })
  try {
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new DatabaseCorruptError(file, String(check))
    assertNotNewer(db, migrations)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
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
