import type { Migration } from '../migration'

export const runs: Migration = {
  version: 3,
  name: 'runs',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE RESTRICT,
        preset TEXT NOT NULL,
        config TEXT NOT NULL,
        seed INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'stopped', 'finished', 'failed', 'interrupted')),
        status_reason TEXT,
        epochs INTEGER NOT NULL,
        epoch INTEGER NOT NULL DEFAULT 0,
        step INTEGER NOT NULL DEFAULT 0,
        steps_per_epoch INTEGER NOT NULL DEFAULT 0,
        backend TEXT,
        device TEXT,
        versions TEXT,
        notes TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        owner_pid INTEGER,
        heartbeat_at INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE INDEX runs_by_dataset ON runs (dataset_id);

      CREATE TABLE steps (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        d_loss REAL NOT NULL,
        g_loss REAL NOT NULL,
        d_real REAL NOT NULL,
        d_fake REAL NOT NULL,
        step_ms REAL NOT NULL,
        PRIMARY KEY (run_id, step)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE samples (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        step INTEGER NOT NULL,
        cell INTEGER NOT NULL CHECK (cell >= 0),
        file TEXT NOT NULL,
        UNIQUE (run_id, epoch, cell)
      ) STRICT;

      CREATE TABLE checkpoints (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        step INTEGER NOT NULL,
        folder TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        kept INTEGER NOT NULL DEFAULT 0 CHECK (kept IN (0, 1)),
        created_at TEXT NOT NULL,
        UNIQUE (run_id, step)
      ) STRICT;
    `)
  },
}
