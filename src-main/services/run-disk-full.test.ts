import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { RunSummary } from '../../src-shared/contract/runs'
import { runCliJson } from '../cli/test-cli'
import { RunQueries } from '../db/queries/runs'
import { writeDemoFaces } from './datasets/demo-faces'
import { Studio } from './studio'
import { DATABASE_FULL_REASON } from './unwritten-reports'

let root: string
let studio: Studio
let datasetId: number

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'studio-disk-full-'))
  studio = new Studio({
    dataDir: join(root, 'data'),
    mode: 'browser',
    probeBackends: async () => ({ backend: 'cpu', device: 'test', unavailable: [], versions: {} }),
  })
  await writeDemoFaces(join(root, 'faces'), { count: 48, seed: 4 })
  datasetId = (
    await studio.datasets.runImport({
      sourcePath: join(root, 'faces'),
      sourceLabel: 'faces',
      name: 'Faces',
      sizes: [32],
    })
  ).datasetId!
}, 120_000)
afterAll(() => {
  studio.close()
  rmSync(root, { recursive: true, force: true })
})

async function until(condition: () => boolean, timeoutMs = 240_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('a full disk under the database while a run trains', () => {
  it('pauses the run with the reason, keeps every report, refuses to resume while still full, and finishes once space is freed', async () => {
    const changes: RunSummary[] = []
    studio.hub.subscribe((channel, payload) => channel === 'runs.changed' && changes.push(payload as RunSummary))
    const run = studio.runs.create({ datasetId, preset: 'quick', epochs: 4, seed: 9 })
    await until(() => studio.runs.get(run.id).step > 0)
    // A real SQLITE_FULL: the database may not grow by a page (the epoch's 64 faces need several).
    studio.db.pragma(`max_page_count = ${studio.db.pragma('page_count', { simple: true }) as number}`)
    await until(() => changes.some((change) => change.id === run.id && change.statusReason === DATABASE_FULL_REASON))
    expect(DATABASE_FULL_REASON).toMatch(/^The disk is full, so .*Free some space, then resume\.$/)
    expect(studio.runs.get(run.id)).toMatchObject({ status: 'paused', statusReason: DATABASE_FULL_REASON })

    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(() => studio.runs.resume(run.id)).toThrow(
      `The disk is still full, so run ${run.id} cannot go on yet: free some space, then resume.`,
    )

    studio.db.pragma('max_page_count = 1073741823')
    studio.runs.resume(run.id)
    const done = await studio.runs.whenDone(run.id)
    expect(done).toMatchObject({ status: 'finished', epoch: 4, step: 12 })
    expect(changes.some((change) => change.id === run.id && change.status === 'failed')).toBe(false)
    expect(studio.db.prepare(`SELECT step FROM steps WHERE run_id = ? ORDER BY step`).pluck().all(run.id)).toEqual(
      Array.from({ length: 12 }, (_, index) => index + 1),
    )
    expect(
      studio.db.prepare(`SELECT epoch, count(*) AS cells FROM samples WHERE run_id = ? GROUP BY epoch`).all(run.id),
    ).toEqual([0, 1, 2, 3, 4].map((epoch) => ({ epoch, cells: 64 })))
    expect(studio.runs.queries.checkpoints(run.id).map((checkpoint) => checkpoint.epoch)).toEqual(
      expect.arrayContaining([2, 3, 4]),
    )
  }, 300_000)

  it('`runs` lists the runs when the disk is too full to mark a dead one interrupted, and other commands say the disk is full', async () => {
    const dataDir = join(root, 'cli')
    const cli = new Studio({
      dataDir,
      mode: 'browser',
      probeBackends: async () => ({ backend: 'cpu', device: 'test', unavailable: [], versions: {} }),
    })
    cli.db
      .prepare(
        `INSERT INTO datasets (id, name, source_label, source_path, storage_dir, channels, all_grayscale, sizes, created_at) VALUES (1, 'faces', 'faces', '/faces', 'dataset-1', 3, 0, '[32]', '2026-01-01')`,
      )
      .run()
    const runId = cli.runs.queries.insert({
      name: 'orphaned',
      datasetId: 1,
      preset: 'quick',
      config: {},
      seed: 1,
      epochs: 2,
      notes: '',
      tags: [],
    })
    cli.runs.queries.claim(runId, 2 ** 22 + 7)
    cli.runs.queries.addCheckpoint(runId, 1, 3, join(dataDir, 'checkpoints', 'run-1', 'step-3'), 1000)
    cli.close()
    const full = () => {
      throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL')
    }
    vi.spyOn(RunQueries.prototype, 'setStatus').mockImplementation(full)
    vi.spyOn(RunQueries.prototype, 'setCheckpointKept').mockImplementation(full)
    try {
      const listed = await runCliJson(['runs', '--data-dir', dataDir])
      expect(listed.code).toBe(0)
      expect(listed.output).toEqual([expect.objectContaining({ id: runId, name: 'orphaned' })])
      const kept = await runCliJson(['checkpoints', String(runId), '--keep', '1', '--data-dir', dataDir])
      expect(kept).toEqual({
        code: 1,
        output: {
          error: {
            code: 'UNAVAILABLE',
            message: `The disk holding ${dataDir} is full (database or disk is full): nothing was lost; free some space, then try again.`,
          },
        },
      })
    } finally {
      vi.restoreAllMocks()
    }
  })
})
