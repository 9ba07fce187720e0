import type { Migration } from '../migration'

/**
 * Faces a user pinned in the latent studio: a latent vector (float32 little-endian BLOB) with a name.
 * The checkpoint it was pinned at is kept while that checkpoint exists; when training prunes it, the
 * face stays and is shown with the run's newest generator instead.
 */
export const pinnedFaces: Migration = {
  version: 5,
  name: 'pinned-faces',
  up(db) {
    db.exec(`
      CREATE TABLE pinned_faces (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        checkpoint_id INTEGER REFERENCES checkpoints (id) ON DELETE SET NULL,
        name TEXT NOT NULL CHECK (length(name) > 0),
        latent BLOB NOT NULL CHECK (length(latent) > 0 AND length(latent) % 4 = 0),
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE INDEX pinned_faces_by_run ON pinned_faces (run_id);
      CREATE INDEX pinned_faces_by_checkpoint ON pinned_faces (checkpoint_id);
    `)
  },
}
