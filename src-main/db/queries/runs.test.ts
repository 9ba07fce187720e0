import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../migrate'
import { MIGRATIONS } from '../migrations'
import { RunQueries } from './runs'

function runWithSteps(count: number) {
  const db = new Database(':memory:')
  migrate(db, MIGRATIONS)
  db.prepare(
    `INSERT INTO datasets (id, name, source_label, source_path, storage_dir, channels, all_grayscale, sizes, created_at)
     VALUES (1, 'faces', 'faces', '/faces', 'dataset-1', 3, 0, '[32]', '2026-01-01')`,
  ).run()
  const queries = new RunQueries(db)
  const runId = queries.insert({ name: 'r', datasetId: 1, preset: 'quick', config: {}, seed: 1, epochs: 1, notes: '', tags: [] })
  const steps = Array.from({ length: count }, (_, index) => ({
    step: index + 1,
    epoch: Math.floor(index / 100),
    dLoss: index === 4321 ? 99 : 1,
    gLoss: 2,
    dReal: 0.5,
    dFake: 0.5,
    stepMs: 10,
  }))
  queries.appendSteps(runId, steps)
  return { db, queries, runId }
}

describe('RunQueries', () => {
  it('reads a step range through the primary key, not a scan', () => {
    const { db, runId } = runWithSteps(10)
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT step, epoch, d_loss, g_loss, d_real, d_fake FROM steps WHERE run_id = ? AND step BETWEEN ? AND ? ORDER BY step`)
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
})
