import type { Migration } from '../migration'
import { markAllSteps } from '../queries/step-marks'

/**
 * `step_marks`: for every bucket of STEP_BUCKET consecutive steps of a run, the steps worth plotting
 * (its first and last steps, and where each metric is lowest and highest). Long histories are downsampled from
 * these few rows instead of reading every step.
 */
export const stepMarks: Migration = {
  version: 6,
  name: 'step-marks',
  up(db) {
    db.exec(`
      CREATE TABLE step_marks (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        PRIMARY KEY (run_id, step)
      ) STRICT, WITHOUT ROWID;
    `)
    markAllSteps(db)
  },
}
