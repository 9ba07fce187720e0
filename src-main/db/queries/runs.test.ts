import Database from 'better-sqlite3'
import type { StepRecord } from '../../../src-shared/contract/runs'
import { describe, expect, it } from 'vitest'
import { migrate } from '../migrate'
import { MIGRATIONS } from '../migrations'
import { READ_MARKS_ABOVE, RunQueries } from './runs'
import { markAllSteps, STEP_BUCKET } from './step-marks'

function runWithSteps(
  count: number,
  values: (index: number) => Partial<StepRecord> = (index) => ({ dLoss: index === 4321 ? 99 : 1 }),
) {
  const db = new Database(':memory:')
  migrate(db, MIGRATIONS)
  db.prepare(
    `INSERT INTO datasets (id, name, source_label, source_path, storage_dir, channels, all_grayscale, sizes, created_at)
     VALUES (1, 'faces', 'faces', '/faces', 'dataset-1', 3, 0, '[32]', '2026-01-01')`,
  ).run()
  const queries = new RunQueries(db)
  const runId = queries.insert({
    name: 'r',
    datasetId: 1,
    preset: 'quick',
    config: {},
    seed: 1,
    epochs: 1,
    notes: '',
    tags: [],
  })
  const steps = Array.from({ length: count }, (_, index) => ({
    step: index + 1,
    epoch: Math.floor(index / 100),
    dLoss: 1,
    gLoss: 2,
    dReal: 0.5,
    dFake: 0.5,
    stepMs: 10,
    ...values(index),
  }))
  queries.appendSteps(runId, steps)
  return { db, queries, runId }
}

describe('RunQueries', () => {
  it('reads a step range through the primary key, not a scan', () => {
    const { db, runId } = runWithSteps(10)
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT step, epoch, d_loss, g_loss, d_real, d_fake FROM steps WHERE run_id = ? AND step BETWEEN ? AND ? ORDER BY step`,
      )
      .all(runId, 2, 5) as { detail: string }[]
    const details = plan.map((row) => row.detail).join('\n')
    expect(details).toMatch(/SEARCH steps USING PRIMARY KEY \(run_id=\? AND step>\? AND step<\?\)/)
    expect(details).not.toMatch(/SCAN|TEMP B-TREE/)
  })

  it('returns a long history downsampled, with its spike, and a zoomed range at full resolution', () => {
    const { queries, runId } = runWithSteps(20_000)
    const whole = queries.history(runId, 0, Number.MAX_SAFE_INTEGER, 1000)
    expect(whole.totalSteps).toBe(20_000)
    expect(whole.downsampled).toBe(true)
    expect(whole.step.length).toBeLessThanOrEqual(1001)
    expect(whole.dLoss).toContain(99)
    const zoomed = queries.history(runId, 4300, 4400, 1000)
    expect(zoomed.downsampled).toBe(false)
    expect(zoomed.step).toHaveLength(101)
    expect(zoomed.dLoss[4322 - 4300]).toBe(99)
  })

  it('gives each point the training time up to it (the sum of step times), for a range that starts late too', () => {
    const { queries, runId } = runWithSteps(300, (index) => ({ stepMs: index < 100 ? 10 : 30 }))
    const whole = queries.history(runId, 0, Number.MAX_SAFE_INTEGER, 1000)
    expect(whole.seconds[0]).toBeCloseTo(0.01, 9)
    expect(whole.seconds[99]).toBeCloseTo(1, 9)
    expect(whole.seconds.at(-1)).toBeCloseTo(1 + 200 * 0.03, 9)
    const late = queries.history(runId, 150, 160, 1000)
    expect(late.step[0]).toBe(150)
    expect(late.seconds[0]).toBeCloseTo(1 + 50 * 0.03, 9)
  })

  it('reads a long history from its marked steps: the spike survives and both tables are searched by primary key', () => {
    const count = READ_MARKS_ABOVE + 70_000
    const { db, queries, runId } = runWithSteps(count, (index) => ({
      dLoss: index === 98_765 ? 42 : Math.sin(index / 50),
    }))
    const marked = db.prepare(`SELECT count(*) FROM step_marks WHERE run_id = ?`).pluck().get(runId) as number
    expect(marked).toBeLessThan(count / 20)
    const whole = queries.history(runId, 0, Number.MAX_SAFE_INTEGER, 4000)
    expect(whole).toMatchObject({ totalSteps: count, downsampled: true })
    expect(whole.step.length).toBeLessThanOrEqual(4001)
    expect(whole.step[whole.dLoss.indexOf(42)]).toBe(98_766)
    expect(whole.step[0]).toBe(1)
    expect(whole.step.at(-1)).toBe(count)
    // A range whose ends cut buckets: the partial end buckets are read step by step.
    const range = queries.history(runId, 98_766 - 3 * STEP_BUCKET - 7, count - 5, 2000)
    expect(range.step[0]).toBe(98_766 - 3 * STEP_BUCKET - 7)
    expect(range.step.at(-1)).toBe(count - 5)
    expect(range.dLoss).toContain(42)
    // every step took 10 ms: a marked point's training time counts the unmarked steps before it too
    for (const index of [0, whole.step.length >> 1, whole.step.length - 1])
      expect(whole.seconds[index]).toBeCloseTo(whole.step[index]! / 100, 6)
    for (const index of [0, range.step.length >> 1, range.step.length - 1])
      expect(range.seconds[index]).toBeCloseTo(range.step[index]! / 100, 6)

    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT step, epoch, d_loss, g_loss, d_real, d_fake FROM step_marks m JOIN steps USING (run_id, step) WHERE m.run_id = ? AND m.step BETWEEN ? AND ? ORDER BY m.step`,
        )
        .all(runId, 0, count) as { detail: string }[]
    )
      .map((row) => row.detail)
      .join('\n')
    expect(plan).toMatch(/SEARCH m USING PRIMARY KEY \(run_id=\? AND step>\? AND step<\?\)/)
    expect(plan).toMatch(/SEARCH steps USING PRIMARY KEY \(run_id=\? AND step=\?\)/)
    expect(plan).not.toMatch(/SCAN|TEMP B-TREE/)
  })

  it('keeps the marks of steps appended in uneven batches and truncated on resume equal to marking them afresh', () => {
    const { db, queries, runId } = runWithSteps(0)
    let step = 0
    let seed = 5
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    for (const size of [1, 7, 300, 255, 256, 513, 2, 1000]) {
      queries.appendSteps(
        runId,
        Array.from({ length: size }, () => ({
          step: ++step,
          epoch: 0,
          dLoss: random(),
          gLoss: random(),
          dReal: random(),
          dFake: random(),
          stepMs: 1,
        })),
      )
    }
    queries.truncateSteps(runId, 1500)
    const marks = () =>
      db.prepare(`SELECT step FROM step_marks WHERE run_id = ? ORDER BY step`).pluck().all(runId) as number[]
    const incremental = marks()
    expect(incremental.at(-1)).toBeLessThanOrEqual(1500)
    db.prepare(`DELETE FROM step_marks`).run()
    markAllSteps(db)
    expect(incremental).toEqual(marks())
  })

  it('prunes all but the newest checkpoints except marked ones, and a checkpoint rewritten at its step keeps its id and mark', () => {
    const { queries, runId } = runWithSteps(0)
    for (let epoch = 1; epoch <= 5; epoch++)
      queries.addCheckpoint(runId, epoch, epoch * 3, `/checkpoints/step-${epoch * 3}`, 100)
    const [first, second] = queries.checkpoints(runId)
    expect(queries.setCheckpointKept(runId, first!.id, true)).toBe(true)
    expect(queries.setCheckpointKept(runId, 999, true)).toBe(false)
    expect(queries.prunableCheckpoints(runId, 3)).toEqual([{ id: second!.id, folder: '/checkpoints/step-6' }])

    queries.addCheckpoint(runId, 1, 3, '/checkpoints/step-3', 120)
    expect(queries.checkpoints(runId)[0]).toMatchObject({ id: first!.id, step: 3, bytes: 120, kept: true })
    queries.setCheckpointKept(runId, first!.id, false)
    expect(queries.prunableCheckpoints(runId, 3).map((checkpoint) => checkpoint.id)).toEqual([second!.id, first!.id])
  })
})
