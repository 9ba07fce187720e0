import type { Migration } from '../migration'

export const datasets: Migration = {
  version: 2,
  name: 'datasets',
  up(db) {
    db.exec(`
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        source_label TEXT NOT NULL,
        source_path TEXT NOT NULL,
        storage_dir TEXT NOT NULL,
        channels INTEGER NOT NULL CHECK (channels IN (1, 3)),
        all_grayscale INTEGER NOT NULL CHECK (all_grayscale IN (0, 1)),
        sizes TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE images (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        phash TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        format TEXT NOT NULL,
        grayscale INTEGER NOT NULL CHECK (grayscale IN (0, 1)),
        duplicate_of INTEGER,
        near_duplicate_of INTEGER,
        excluded INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),
        UNIQUE (dataset_id, position)
      ) STRICT;

      CREATE TABLE import_issues (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        file TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL
      ) STRICT;

      CREATE INDEX import_issues_by_dataset ON import_issues (dataset_id, code);
    `)
  },
}
