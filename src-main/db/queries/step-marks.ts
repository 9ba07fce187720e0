import type { Database } from 'better-sqlite3'

/** Steps per bucket of `step_marks`: bucket b holds steps b·STEP_BUCKET … (b+1)·STEP_BUCKET − 1. */
export const STEP_BUCKET = 256

const METRICS = ['d_loss', 'g_loss', 'd_real', 'd_fake'] as const

/**
 * Per run and bucket: its first and last steps, and where each metric is lowest and highest (SQLite
 * takes a bare column from the row holding the single min() or max() of its query).
 */
function markSelects(where: string): string {
  const group = `GROUP BY run_id, step / ${STEP_BUCKET}`
  const extremes = METRICS.flatMap((metric) =>
    ['min', 'max'].map(
      (extreme) => `SELECT run_id, step FROM (SELECT run_id, step, ${extreme}(${metric}) FROM steps ${where} ${group})`,
    ),
  )
  const ends = ['min', 'max'].map((end) => `SELECT run_id, ${end}(step) FROM steps ${where} ${group}`)
  return [...ends, ...extremes].join('\nUNION ALL\n')
}

/** Marks every step of every run (the migration that adds the table). */
export function markAllSteps(db: Database): void {
  db.exec(`INSERT OR IGNORE INTO step_marks (run_id, step) ${markSelects('')}`)
}

/** Re-marks the buckets that hold steps `fromStep`…`toStep` of a run, after those steps were written or deleted. */
export function markBuckets(db: Database, runId: number, fromStep: number, toStep: number): void {
  const range = {
    runId,
    first: Math.floor(fromStep / STEP_BUCKET) * STEP_BUCKET,
    last: Math.floor(toStep / STEP_BUCKET) * STEP_BUCKET + STEP_BUCKET - 1,
  }
  db.prepare(`DELETE FROM step_marks WHERE run_id = @runId AND step BETWEEN @first AND @last`).run(range)
  db.prepare(
    `INSERT OR IGNORE INTO step_marks (run_id, step) ${markSelects('WHERE run_id = @runId AND step BETWEEN @first AND @last')}`,
  ).run(range)
}

/** The part of `fromStep`…`toStep` made of whole buckets, or null when it holds none. */
export function wholeBuckets(fromStep: number, toStep: number): { first: number; last: number } | null {
  const first = Math.ceil(fromStep / STEP_BUCKET) * STEP_BUCKET
  const last = Math.floor((toStep + 1) / STEP_BUCKET) * STEP_BUCKET - 1
  return first <= last ? { first, last } : null
}
