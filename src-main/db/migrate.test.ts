import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DatabaseTooNewError, migrate, schemaVersion } from './migrate'
import type { Migration } from './migration'
import { MIGRATIONS } from './migrations'
import { DatabaseCorruptError, openDatabase } from './open-database'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'studio-db-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const tables = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
    (row) => row.name,
  )

const latest = MIGRATIONS.at(-1)!.version

describe('openDatabase', () => {
  it('creates a fresh database in WAL mode at the latest version', () => {
    const file = join(dir, 'studio.sqlite')
    const db = openDatabase(file)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0)
    expect(schemaVersion(db)).toBe(latest)
    expect(tables(db)).toContain('settings')
    db.close()
  })

  it('upgrades from each earlier version to the latest, keeping existing rows and a copy of the old database', () => {
    for (let start = 1; start < latest; start++) {
      const file = join(dir, `from-${start}.sqlite`)
      const old = new Database(file)
      migrate(old, MIGRATIONS.slice(0, start))
      expect(schemaVersion(old)).toBe(start)
      old.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`).run('theme', 'dark')
      old.close()

      const db = openDatabase(file)
      expect(schemaVersion(db)).toBe(latest)
      expect(db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck().get('theme')).toBe('dark')
      db.close()
      const copy = new Database(`${file}.v${start}.bak`, { readonly: true })
      expect(schemaVersion(copy)).toBe(start)
      expect(copy.prepare(`SELECT value FROM settings WHERE key = ?`).pluck().get('theme')).toBe('dark')
      copy.close()
    }
  })

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const file = join(dir, 'newer.sqlite')
    const newer = new Database(file)
    newer.pragma(`user_version = ${latest + 1}`)
    newer.close()
    const before = readFileSync(file)
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError)
    expect(() => openDatabase(file)).toThrow(/newer DCGAN Studio/)
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('refuses a database that fails quick_check, saying so, without writing to it', () => {
    const file = join(dir, 'damaged.sqlite')
    const damaged = new Database(file)
    damaged.exec(`CREATE TABLE t (x TEXT)`)
    const insert = damaged.prepare(`INSERT INTO t VALUES (?)`)
    for (let row = 0; row < 200; row++) insert.run(`${'x'.repeat(100)}${row}`)
    damaged.close()
    const bytes = readFileSync(file)
    const pageSize = bytes.readUInt16BE(16)
    bytes.fill(0xff, 3 * pageSize, 3 * pageSize + 16) // a table page's header: the file still opens, its b-tree does not check
    writeFileSync(file, bytes)

    expect(() => openDatabase(file)).toThrow(DatabaseCorruptError)
    expect(() => openDatabase(file)).toThrow(
      /failed its integrity check \(\*\*\* in database main \*\*\*.*\)\. It was not modified: keep a copy, then restore it/s,
    )
    expect(readFileSync(file).equals(bytes)).toBe(true)
  })
})

describe('migrate', () => {
  const first: Migration = {
    version: 1,
    name: 'first',
    up: (db) => db.exec(`CREATE TABLE a (x INTEGER) STRICT`),
  }
  const failing: Migration = {
    version: 2,
    name: 'failing',
    up: (db) => {
      db.exec(`CREATE TABLE b (y INTEGER) STRICT`)
      throw new Error('boom')
    },
  }

  it('leaves user_version and schema unchanged when a migration throws', () => {
    const db = new Database(join(dir, 'fail.sqlite'))
    migrate(db, [first])
    expect(() => migrate(db, [first, failing])).toThrow('boom')
    expect(schemaVersion(db)).toBe(1)
    expect(tables(db)).toEqual(['a'])
    db.close()
  })

  it('rejects a gap or disorder in the migration list', () => {
    const db = new Database(':memory:')
    expect(() => migrate(db, [{ ...failing, version: 3 }])).toThrow(/expected 1/)
    db.close()
  })

  it('is a no-op on an up-to-date database', () => {
    const db = new Database(':memory:')
    expect(migrate(db, [first])).toEqual({ from: 0, to: 1 })
    expect(migrate(db, [first])).toEqual({ from: 1, to: 1 })
    db.close()
  })
})
