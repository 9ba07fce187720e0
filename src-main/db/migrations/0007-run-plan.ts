import type { Migration } from '../migration'

/**
 * `runs.plan`: the run's TrainingPlan as JSON (its frozen image ids and its schedule), written when the run is
 * created, so excluding or re-including images afterwards never changes it. Runs from before have none: theirs is
 * built from the dataset's included images when they next start, then kept.
 *
 * `run_segments`: what changed when a run was resumed (a lower learning rate), from which step on, as hyperparameters
 * (JSON). `runs.config` stays what the run started with.
 */
export const runPlan: Migration = {
  version: 7,
  name: 'run-plan',
  up(db) {
    db.exec(`
      ALTER TABLE runs ADD COLUMN plan TEXT;

      CREATE TABLE run_segments (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        from_step INTEGER NOT NULL,
        changes TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, from_step)
      ) STRICT, WITHOUT ROWID;
    `)
  },
}
