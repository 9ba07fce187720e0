import type { StudioDatabase } from '../open-database'

/** A pinned face as stored: its latent vector, and the checkpoint it was pinned at while that still exists. */
export interface PinnedFaceRow {
  id: number
  name: string
  latent: Float32Array
  checkpointId: number | null
}

interface Row {
  id: number
  run_id: number
  name: string
  latent: Buffer
  checkpoint_id: number | null
}

/** Latents are stored as float32 little-endian, whatever the machine's byte order. */
export function latentToBlob(latent: ArrayLike<number>): Buffer {
  const blob = Buffer.alloc(latent.length * 4)
  for (let index = 0; index < latent.length; index++) blob.writeFloatLE(latent[index]!, index * 4)
  return blob
}

export function blobToLatent(blob: Buffer): Float32Array {
  if (blob.length % 4 !== 0) throw new Error(`a latent blob of ${blob.length} bytes is not a float32 vector`)
  const latent = new Float32Array(blob.length / 4)
  for (let index = 0; index < latent.length; index++) latent[index] = blob.readFloatLE(index * 4)
  return latent
}

const toFace = (row: Row): PinnedFaceRow => ({
  id: row.id,
  name: row.name,
  latent: blobToLatent(row.latent),
  checkpointId: row.checkpoint_id,
})

/** The run's pinned faces, oldest first. */
export function listPinnedFaces(
  db: StudioDatabase,
  runId: number,
): { id: number; name: string; latent: Float32Array; checkpointId: number | null }[] {
  const rows = db
    .prepare(`SELECT id, run_id, name, latent, checkpoint_id FROM pinned_faces WHERE run_id = ? ORDER BY id`)
    .all(runId) as Row[]
  return rows.map(toFace)
}

export function getPinnedFace(db: StudioDatabase, faceId: number): (PinnedFaceRow & { runId: number }) | undefined {
  const row = db
    .prepare(`SELECT id, run_id, name, latent, checkpoint_id FROM pinned_faces WHERE id = ?`)
    .get(faceId) as Row | undefined
  return row && { ...toFace(row), runId: row.run_id }
}

export function insertPinnedFace(
  db: StudioDatabase,
  face: { runId: number; checkpointId: number | null; name: string; latent: ArrayLike<number> },
): number {
  return Number(
    db
      .prepare(`INSERT INTO pinned_faces (run_id, checkpoint_id, name, latent, created_at) VALUES (?, ?, ?, ?, ?)`)
      .run(face.runId, face.checkpointId, face.name, latentToBlob(face.latent), new Date().toISOString())
      .lastInsertRowid,
  )
}

/** True when the face existed. */
export function renamePinnedFace(db: StudioDatabase, faceId: number, name: string): boolean {
  return db.prepare(`UPDATE pinned_faces SET name = ? WHERE id = ?`).run(name, faceId).changes > 0
}

/** True when the face existed. */
export function deletePinnedFace(db: StudioDatabase, faceId: number): boolean {
  return db.prepare(`DELETE FROM pinned_faces WHERE id = ?`).run(faceId).changes > 0
}
