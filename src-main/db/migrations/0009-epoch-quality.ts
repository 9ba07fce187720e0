import type { Migration } from '../migration'

/**
 * `epoch_quality`: a run's quality figure per scored epoch, `swd` (sliced Wasserstein distance ×1e3 of its EMA
 * generator's faces against its training images; lower is better), and the step the epoch ended at.
 */
export const epochQuality: Migration = {
  version: 9,
  name: 'epoch-quality',
  up(db) {
    db.exec(`
      CREATE TABLE epoch_quality (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        step INTEGER NOT NULL,
        swd REAL NOT NULL,
        PRIMARY KEY (run_id, epoch)
      ) STRICT, WITHOUT ROWID;
    `)
  },
}
