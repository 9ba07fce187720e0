import type { Database } from 'better-sqlite3'
import { StudioError } from '../../src-shared/contract/errors'
import type { Migration } from './migration'

export class DatabaseTooNewError extends StudioError {
  constructor(found: number, supported: number) {
    super(
      'CONFLICT',
      `This data folder was written by a newer DCGAN Studio (database version ${found}; this version understands up to ${supported}). ` +
        'Update DCGAN Studio or choose another data folder; the database was left untouched.',
    )
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Applies every migration above the database's `user_version`, each in its own transaction together
 * with the version bump, so a migration that throws leaves both the schema and the version as they were.
 */
export function migrate(db: Database, migrations: readonly Migration[]): { from: number; to: number } {
  assertOrdered(migrations)
  assertNotNewer(db, migrations)
  const from = schemaVersion(db)
  for (const migration of migrations) {
    if (migration.version <= schemaVersion(db)) continue
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    }).immediate()
  }
  return { from, to: schemaVersion(db) }
}

/** Refuses a database from a newer app before anything (even the journal mode) is written to it. */
export function assertNotNewer(db: Database, migrations: readonly Migration[]): void {
  const latest = migrations.at(-1)?.version ?? 0
  const found = schemaVersion(db)
  if (found > latest) throw new DatabaseTooNewError(found, latest)
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration ${migration.name} has version ${migration.version}, expected ${index + 1}.`)
    }
  })
}
