import type { Migration } from '../migration'

/**
 * One owner per run: which studio instance (a random id per instance; its process id, host and when it took the run)
 * trains it, beside the existing owner_pid and heartbeat_at; and the pause, resume and stop commands other processes
 * leave for that owner.
 */
export const runOwnership: Migration = {
  version: 8,
  name: 'run-ownership',
  up(db) {
    db.exec(`
      ALTER TABLE runs ADD COLUMN owner_id TEXT;
      ALTER TABLE runs ADD COLUMN owner_host TEXT;
      ALTER TABLE runs ADD COLUMN owner_since INTEGER;

      CREATE TABLE run_commands (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        owner_id TEXT NOT NULL,
        command TEXT NOT NULL CHECK (command IN ('pause', 'resume', 'stop')),
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX run_commands_by_owner ON run_commands (owner_id, id);
    `)
  },
}
