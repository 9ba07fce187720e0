import type { Migration } from '../migration'

/**
 * `runs.plan`: the run's TrainingPlan as JSON (its frozen image ids and its schedule), written when the run is
 * created, so excluding or re-including images afterwards never changes it. Runs from before have none: theirs is
 * built from the dataset's included images when they next start, then kept.
 */
export const runPlan: Migration = {
  version: 7,
  name: 'run-plan',
  up(db) {
    db.exec(`ALTER TABLE runs ADD COLUMN plan TEXT`)
  },
}
