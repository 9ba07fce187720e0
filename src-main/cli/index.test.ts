import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { deviceReport } from '../../src-shared/contract/device'
import { HYPERPARAMETER_FIELDS } from '../../src-shared/contract/hyperparameters'
import type { RunSummary } from '../../src-shared/contract/runs'
import { PRESETS, trainConfigSchema } from '../../src-shared/contract/train-config'
import { main } from './index'
import { openStudio } from './open-studio'

const root = mkdtempSync(join(tmpdir(), 'studio-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const COMMAND_NAMES = [
  'serve',
  'import',
  'sample-dataset',
  'demo-dataset',
  'train',
  'runs',
  'resume',
  'checkpoints',
  'export',
  'bench',
  'device',
]

/** Runs `dcgan-studio <args>` in this process; returns its exit code and what it printed on stdout. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = ''
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
  try {
    return { code: await main(args), stdout }
  } finally {
    write.mockRestore()
  }
}

describe('dcgan-studio', () => {
  it('--help lists every command, and every command takes --data-dir and --json', async () => {
    const { code, stdout } = await cli('--help')
    expect(code).toBe(0)
    const listed = stdout
      .split('commands:\n')[1]!
      .split('\n\n')[0]!
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[0])
    expect(listed).toEqual(COMMAND_NAMES)
    expect(stdout).toMatch(/--data-dir DIR/)
    expect(stdout).toMatch(/--json/)
    for (const name of COMMAND_NAMES) {
      const help = await cli(name, '--help', '--data-dir', root, '--json')
      expect(help, name).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(new RegExp(`^usage: dcgan-studio ${name}`)),
      })
    }
  })

  it('answers an unknown command or option with one JSON error under --json', async () => {
    expect(await cli('trian', '--json')).toEqual({
      code: 2,
      stdout: `${JSON.stringify({ error: { code: 'USAGE', message: 'unknown command "trian". Run `dcgan-studio --help` for the list.' } })}\n`,
    })
    const { code, stdout } = await cli('runs', '--colour', '--json', '--data-dir', root)
    expect(code).toBe(2)
    expect(JSON.parse(stdout)).toEqual({
      error: { code: 'USAGE', message: expect.stringMatching(/--colour.*See `dcgan-studio runs --help`/) },
    })
  })

  it('device --json prints the backend in use, its device and why each faster backend is unavailable', async () => {
    const { code, stdout } = await cli('device', '--json')
    expect(code).toBe(0)
    const report = deviceReport.parse(JSON.parse(stdout))
    expect(report.device.length).toBeGreaterThan(0)
    const order = ['tensorflow', 'webgpu', 'wasm', 'cpu']
    expect(report.unavailable.map((entry) => entry.backend)).toEqual(order.slice(0, order.indexOf(report.backend)))
    for (const entry of report.unavailable) expect(entry.reason.length).toBeGreaterThan(5)
    if (report.backend === 'wasm')
      expect(report.kernels?.kind === 'native' || (report.kernels?.reason?.length ?? 0) > 5).toBe(true)
  })

  it('runs --json on a new data folder prints [] and leaves studio.sqlite in WAL mode at a schema version', async () => {
    const dataDir = join(root, 'fresh')
    expect(await cli('runs', '--json', '--data-dir', dataDir)).toEqual({ code: 0, stdout: '[]\n' })
    const db = new Database(join(dataDir, 'studio.sqlite'), { readonly: true })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1)
    db.close()
  })

  it('refuses an empty studio.sqlite with exit 1, naming it, and deletes nothing in the data folder', async () => {
    const dataDir = join(root, 'emptied')
    const oldDataset = join(dataDir, 'datasets', 'dataset-old')
    mkdirSync(oldDataset, { recursive: true })
    writeFileSync(join(oldDataset, 'cache-32.bin'), 'photos')
    const longAgo = new Date(Date.now() - 48 * 3600_000)
    utimesSync(oldDataset, longAgo, longAgo)
    const database = join(dataDir, 'studio.sqlite')
    writeFileSync(database, '')

    const { code, stdout } = await cli('runs', '--json', '--data-dir', dataDir)
    expect(code).toBe(1)
    expect(JSON.parse(stdout)).toEqual({
      error: {
        code: 'CONFLICT',
        message: expect.stringMatching(/studio\.sqlite is empty \(0 bytes\).*Nothing was changed/s),
      },
    })
    expect(JSON.parse(stdout).error.message).toContain(database)
    expect(statSync(database).size).toBe(0)
    expect(readdirSync(dataDir).sort()).toEqual([
      'cache',
      'checkpoints',
      'datasets',
      'samples',
      'scratch',
      'studio.sqlite',
    ])
    expect(readFileSync(join(oldDataset, 'cache-32.bin'), 'utf8')).toBe('photos')
  })

  it('checkpoints --keep marks a checkpoint to survive pruning and --release unmarks it, by epoch', async () => {
    const dataDir = join(root, 'kept')
    const studio = openStudio(dataDir)
    studio.db
      .prepare(
        `INSERT INTO datasets (id, name, source_label, source_path, storage_dir, channels, all_grayscale, sizes, created_at) VALUES (1, 'faces', 'faces', '/faces', 'dataset-1', 3, 0, '[32]', '2026-01-01')`,
      )
      .run()
    const runId = studio.runs.queries.insert({
      name: 'Kept faces',
      datasetId: 1,
      preset: 'quick',
      config: {},
      seed: 1,
      epochs: 9,
      notes: '',
      tags: [],
    })
    studio.runs.queries.setStatus(runId, 'stopped')
    for (const epoch of [1, 2, 3])
      studio.runs.queries.addCheckpoint(runId, epoch, epoch * 3, join(dataDir, `step-${epoch * 3}`), 10)
    studio.close()

    const kept = await cli('checkpoints', 'Kept faces', '--keep', '2', '--json', '--data-dir', dataDir)
    expect(kept.code).toBe(0)
    expect(
      (JSON.parse(kept.stdout) as { epoch: number; kept: boolean }[]).map(({ epoch, kept }) => [epoch, kept]),
    ).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ])
    const released = await cli('checkpoints', String(runId), '--release', '2', '--json', '--data-dir', dataDir)
    expect((JSON.parse(released.stdout) as { kept: boolean }[]).map((checkpoint) => checkpoint.kept)).toEqual([
      false,
      false,
      false,
    ])
    expect(await cli('checkpoints', 'Kept faces', '--keep', '7', '--json', '--data-dir', dataDir)).toEqual({
      code: 2,
      stdout: `${JSON.stringify({ error: { code: 'USAGE', message: `run ${runId} has no checkpoint at epoch "7"; it has checkpoints at epochs 1, 2, 3.` } })}\n`,
    })
  })

  it('train --loss wgan trains a WGAN (RMSprop, n_critic critic batches a step), and runs --json shows what it trained with', async () => {
    const dataDir = join(root, 'wgan')
    const demo = await cli('demo-dataset', '--count', '24', '--json', '--data-dir', dataDir)
    expect(demo.code).toBe(0)
    const { datasetId } = JSON.parse(demo.stdout) as { datasetId: number }
    const flags = [
      '--preset',
      'quick',
      '--loss',
      'wgan',
      '--batch',
      '4',
      '--n-critic',
      '2',
      '--d-lr',
      '0.0001',
      '--epochs',
      '1',
      '--seed',
      '3',
    ]
    const trained = await cli('train', '--dataset', String(datasetId), ...flags, '--json', '--data-dir', dataDir)
    expect(trained.code).toBe(0)
    const [run] = JSON.parse((await cli('runs', '--json', '--data-dir', dataDir)).stdout) as RunSummary[]
    expect(run).toMatchObject({ status: 'finished', stepsPerEpoch: 3, step: 3 })
    expect(run!.hyperparameters).toMatchObject({
      loss: 'wgan',
      learningRate: PRESETS['wgan-64'].optimizer.lr,
      dLearningRate: 1e-4,
      nCritic: 2,
      batchSize: 4,
    })
    expect(run!.hyperparameters).not.toHaveProperty('beta1')
    expect(
      (await cli('train', '--dataset', String(datasetId), '--loss', 'hinge', '--json', '--data-dir', dataDir)).code,
    ).toBe(2)
  }, 300_000)

  it('runs --json gives each run its latest SWD and the epoch with the lowest, and the list line says them', async () => {
    const dataDir = join(root, 'scored')
    const studio = openStudio(dataDir)
    studio.db
      .prepare(
        `INSERT INTO datasets (id, name, source_label, source_path, storage_dir, channels, all_grayscale, sizes, created_at) VALUES (1, 'faces', 'faces', '/faces', 'dataset-1', 3, 0, '[32]', '2026-01-01')`,
      )
      .run()
    const unscored = studio.runs.queries.insert({
      name: 'Unscored',
      datasetId: 1,
      preset: 'quick',
      config: {},
      seed: 1,
      epochs: 9,
      notes: '',
      tags: [],
    })
    const scored = studio.runs.queries.insert({
      name: 'Scored',
      datasetId: 1,
      preset: 'quick',
      config: {},
      seed: 1,
      epochs: 9,
      notes: '',
      tags: [],
    })
    for (const [epoch, swd] of [
      [1, 80.5],
      [2, 41.25],
      [3, 47],
    ] as const)
      studio.runs.queries.addQuality(scored, { epoch, step: epoch * 3, swd })
    studio.close()

    const { code, stdout } = await cli('runs', '--json', '--data-dir', dataDir)
    expect(code).toBe(0)
    const runs = JSON.parse(stdout) as { id: number; swd: number | null; bestEpoch: number | null }[]
    expect(runs.map(({ id, swd, bestEpoch }) => ({ id, swd, bestEpoch }))).toEqual([
      { id: scored, swd: 47, bestEpoch: 2 },
      { id: unscored, swd: null, bestEpoch: null },
    ])
    const text = await cli('runs', '--data-dir', dataDir)
    expect(text.stdout).toMatch(/Scored.*SWD 47\.0 \(best 41\.3 at epoch 2\)/)
    expect(text.stdout).not.toMatch(/Unscored.*SWD/)
  })

  it("train checks hyperparameter flags with the config schema's messages, and --help lists every flag", async () => {
    const schemaMessage = trainConfigSchema.shape.batchSize.safeParse(0).error!.issues[0]!.message
    const { code, stdout } = await cli('train', '--dataset', 'none', '--batch', '0', '--json', '--data-dir', root)
    expect(code).toBe(2)
    expect(JSON.parse(stdout)).toEqual({ error: { code: 'USAGE', message: `--batch: ${schemaMessage}.` } })
    const help = await cli('train', '--help')
    for (const field of HYPERPARAMETER_FIELDS) expect(help.stdout, field.key).toContain(`--${field.flag}`)
    expect(help.stdout).toContain('Batch size [2, 1024]')
  })
})
