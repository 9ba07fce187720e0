import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate, schemaVersion } from '../migrate'
import { MIGRATIONS } from '../migrations'
import { openDatabase, type StudioDatabase } from '../open-database'
import { deletePinnedFace, getPinnedFace, insertPinnedFace, listPinnedFaces, renamePinnedFace } from './pinned-faces'
import { RunQueries } from './runs'

let dir: string
let file: string
let db: StudioDatabase
let runs: RunQueries
let runId: number

function addRun(database: StudioDatabase): number {
  return new RunQueries(database).insert({
    name: 'r',
    datasetId: 1,
    preset: 'quick',
    config: {},
    seed: 1,
    epochs: 2,
    notes: '',
    tags: [],
  })
}

function addDataset(database: Database.Database) {
  database
    .prepare(
      `INSERT INTO datasets (id, name, source_label, source_path, storage_dir, channels, all_grayscale, sizes, created_at)
       VALUES (1, 'faces', 'faces', '/faces', 'dataset-1', 3, 0, '[32]', '2026-01-01')`,
    )
    .run()
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'studio-faces-'))
  file = join(dir, 'studio.sqlite')
  db = openDatabase(file)
  addDataset(db)
  runs = new RunQueries(db)
  runId = addRun(db)
})
afterEach(() => {
  if (db.open) db.close()
  rmSync(dir, { recursive: true, force: true })
})

const latent = (length: number, offset: number) =>
  Float32Array.from({ length }, (_, index) => Math.sin(index + offset) * 2.5)

describe('pinned faces', () => {
  it('keeps latents bit for bit, in pin order, through a closed and reopened database file', () => {
    runs.addCheckpoint(runId, 1, 3, '/checkpoints/run-1/epoch-1', 100)
    const checkpointId = runs.checkpoints(runId)[0]!.id
    const first = latent(32, 0)
    const second = Float32Array.of(-0, 1e-38, Math.fround(Math.PI), -3.4e38)
    const a = insertPinnedFace(db, { runId, checkpointId, name: 'Smile', latent: first })
    const b = insertPinnedFace(db, { runId, checkpointId: null, name: 'Odd values', latent: second })
    db.close()

    db = openDatabase(file)
    const faces = listPinnedFaces(db, runId)
    expect(faces.map((face) => [face.id, face.name, face.checkpointId])).toEqual([
      [a, 'Smile', checkpointId],
      [b, 'Odd values', null],
    ])
    expect(faces[0]!.latent).toBeInstanceOf(Float32Array)
    expect(Array.from(faces[0]!.latent)).toEqual(Array.from(first))
    expect(Object.is(faces[1]!.latent[0], -0)).toBe(true)
    expect(Array.from(faces[1]!.latent)).toEqual(Array.from(second))
    expect(Object.keys(faces[0]!).sort()).toEqual(['checkpointId', 'id', 'latent', 'name'])
  })

  it('renames and deletes one face, and says when there was no such face', () => {
    const id = insertPinnedFace(db, { runId, checkpointId: null, name: 'Before', latent: latent(8, 1) })
    const other = insertPinnedFace(db, { runId, checkpointId: null, name: 'Other', latent: latent(8, 2) })
    expect(renamePinnedFace(db, id, 'After')).toBe(true)
    expect(getPinnedFace(db, id)).toMatchObject({ id, runId, name: 'After' })
    expect(renamePinnedFace(db, 999, 'Nobody')).toBe(false)
    expect(deletePinnedFace(db, id)).toBe(true)
    expect(deletePinnedFace(db, id)).toBe(false)
    expect(listPinnedFaces(db, runId).map((face) => face.id)).toEqual([other])
  })

  it('keeps a face when its checkpoint is pruned, and drops it with its run', () => {
    runs.addCheckpoint(runId, 1, 3, '/c/1', 100)
    const checkpointId = runs.checkpoints(runId)[0]!.id
    const id = insertPinnedFace(db, { runId, checkpointId, name: 'Kept', latent: latent(4, 3) })
    const otherRun = addRun(db)
    insertPinnedFace(db, { runId: otherRun, checkpointId: null, name: 'Elsewhere', latent: latent(4, 4) })

    runs.deleteCheckpoint(checkpointId)
    expect(getPinnedFace(db, id)).toMatchObject({ name: 'Kept', checkpointId: null })

    runs.delete(runId)
    expect(listPinnedFaces(db, runId)).toEqual([])
    expect(listPinnedFaces(db, otherRun).map((face) => face.name)).toEqual(['Elsewhere'])
  })

  it('refuses a face of a run that does not exist, an empty name or an empty latent', () => {
    expect(() => insertPinnedFace(db, { runId: 999, checkpointId: null, name: 'x', latent: latent(4, 0) })).toThrow(
      /FOREIGN KEY/,
    )
    expect(() => insertPinnedFace(db, { runId, checkpointId: null, name: '', latent: latent(4, 0) })).toThrow(/CHECK/)
    expect(() => insertPinnedFace(db, { runId, checkpointId: null, name: 'x', latent: new Float32Array(0) })).toThrow(
      /CHECK/,
    )
    expect(listPinnedFaces(db, runId)).toEqual([])
  })

  it('a version-3 database with runs upgrades to the latest schema, pinned faces included, and keeps its runs', () => {
    const oldFile = join(dir, 'v3.sqlite')
    const old = new Database(oldFile)
    migrate(old, MIGRATIONS.slice(0, 3))
    addDataset(old)
    // the runs table as version 3 made it: no columns of later migrations
    const oldRun = Number(
      old
        .prepare(
          `INSERT INTO runs (name, dataset_id, preset, config, seed, status, epochs, created_at, updated_at)
           VALUES ('r', 1, 'quick', '{}', 1, 'finished', 2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
        )
        .run().lastInsertRowid,
    )
    old.close()

    const upgraded = openDatabase(oldFile)
    expect(schemaVersion(upgraded)).toBe(MIGRATIONS.length)
    expect(new RunQueries(upgraded).summary(oldRun)).toMatchObject({ name: 'r' })
    insertPinnedFace(upgraded, { runId: oldRun, checkpointId: null, name: 'New', latent: latent(4, 5) })
    expect(listPinnedFaces(upgraded, oldRun)).toHaveLength(1)
    upgraded.close()
  })
})
