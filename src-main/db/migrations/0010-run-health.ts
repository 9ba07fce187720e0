import type { Migration } from '../migration'

/**
 * Training health (issue 10). `run_health`: the run's current findings, in plain words (at most one per kind), all
 * replaced by each evaluation after an epoch; `epoch` is the epoch whose end produced them, so a resume from an earlier
 * checkpoint drops them with that epoch's faces. `samples.nearest_image_id` / `nearest_distance`: each preview face's
 * nearest training photo and its distance (root-mean-square over pixels, 0 … 1, at the training cache's resolution),
 * for "closest training photo" on the Run page. No foreign key on the image: a photo deleted later only loses the link.
 */
export const runHealth: Migration = {
  version: 10,
  name: 'run-health',
  up(db) {
    db.exec(`
      CREATE TABLE run_health (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        since INTEGER NOT NULL,
        evidence TEXT NOT NULL,
        advice TEXT NOT NULL,
        epoch INTEGER NOT NULL,
        PRIMARY KEY (run_id, kind)
      ) STRICT, WITHOUT ROWID;

      ALTER TABLE samples ADD COLUMN nearest_image_id INTEGER;
      ALTER TABLE samples ADD COLUMN nearest_distance REAL;
    `)
  },
}
