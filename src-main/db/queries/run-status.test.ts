import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { RUN_STATUSES } from '../../../src-shared/contract/runs'
import { migrate } from '../migrate'
import { MIGRATIONS } from '../migrations'
import { canTransition, RUN_TRANSITIONS, RunStatusError } from './run-status'
import { RunQueries } from './runs'

function newRun() {
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
  return { queries, runId }
}

describe('run status transitions', () => {
  it('has a row for every status; an ended run only starts training again, and staying put is allowed', () => {
    expect(Object.keys(RUN_TRANSITIONS).sort()).toEqual([...RUN_STATUSES].sort())
    for (const ended of ['stopped', 'finished', 'failed', 'interrupted'] as const) {
      expect(RUN_STATUSES.filter((to) => to !== ended && canTransition(ended, to))).toEqual(['running'])
    }
    for (const status of RUN_STATUSES) expect(canTransition(status, status)).toBe(true)
    expect(canTransition('queued', 'paused')).toBe(false)
    expect(canTransition('paused', 'finished')).toBe(false)
  })

  it('every status write goes through the table: an illegal one is refused with both statuses named, and changes nothing', () => {
    const { queries, runId } = newRun()
    queries.claim(runId, process.pid)
    queries.setStatus(runId, 'paused', 'paused by you')
    queries.setStatus(runId, 'running')
    queries.setStatus(runId, 'finished')
    expect(() => queries.setStatus(runId, 'paused', 'no')).toThrow(new RunStatusError('finished', 'paused'))
    expect(() => queries.setStatus(runId, 'paused')).toThrow('A finished run cannot become paused (allowed: running).')
    expect(queries.summary(runId)).toMatchObject({ status: 'finished', statusReason: null })
    // training it further claims it again
    queries.claim(runId, process.pid)
    expect(queries.status(runId)).toBe('running')
  })
})
