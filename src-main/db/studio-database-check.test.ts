import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from './migrate'
import { MIGRATIONS } from './migrations'
import { openDatabase } from './open-database'
import { NotAStudioDatabaseError, STUDIO_APPLICATION_ID } from './studio-database-check'

let dir: string
let file: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'studio-db-check-'))
  file = join(dir, 'studio.sqlite')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Opening `file` is refused with a message naming it and `what`, and leaves the directory byte for byte as it was. */
function expectRefused(what: RegExp): void {
  const before = readFileSync(file)
  const entries = readdirSync(dir)
  expect(() => openDatabase(file)).toThrow(NotAStudioDatabaseError)
  try {
    openDatabase(file)
  } catch (error) {
    expect((error as Error).message).toContain(file)
    expect((error as Error).message).toMatch(what)
    expect((error as Error).message).toMatch(/Nothing was changed.*move this file away/)
  }
  expect(readFileSync(file).equals(before)).toBe(true)
  expect(readdirSync(dir)).toEqual(entries)
}

describe('the studio database is never guessed', () => {
  it('refuses an empty (0-byte) file rather than taking it for a new database', () => {
    writeFileSync(file, '')
    expectRefused(/is empty \(0 bytes\)/)
  })

  it('refuses a file that is not SQLite', () => {
    writeFileSync(file, Buffer.alloc(8192, 7))
    expectRefused(/is not a SQLite database \(8192 bytes/)
  })

  it("refuses another application's SQLite database, and a SQLite database without the studio's tables", () => {
    const other = new Database(file)
    other.pragma('application_id = 1234')
    other.exec('CREATE TABLE notes (body TEXT)')
    other.close()
    expectRefused(/another application's SQLite database \(application_id 0x4d2\)/)

    rmSync(file)
    const plain = new Database(file)
    plain.exec('CREATE TABLE notes (body TEXT)')
    plain.close()
    expectRefused(/not one of DCGAN Studio/)
  })

  it('makes a missing database whole under a temporary name, stamped with the studio id, leaving nothing else', () => {
    const db = openDatabase(file)
    expect(db.pragma('application_id', { simple: true })).toBe(STUDIO_APPLICATION_ID)
    db.close()
    expect(readdirSync(dir).filter((entry) => !/-(wal|shm)$/.test(entry))).toEqual(['studio.sqlite'])
  })

  it('accepts a database made before the studio stamped its id, and stamps it', () => {
    const old = new Database(file)
    migrate(old, MIGRATIONS)
    old.close()
    const db = openDatabase(file)
    expect(db.pragma('application_id', { simple: true })).toBe(STUDIO_APPLICATION_ID)
    db.close()
  })
})
