import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanupTempDirs, makeTempDir } from '../services/datasets/test-fixtures'
import { openStudio } from './open-studio'
import { printable } from './output'
import { runCli } from './test-cli'

afterAll(cleanupTempDirs)

/** A run name that, printed raw, would clear the screen, end its line and forge a second run's line. */
const FORGED = 'faces\x1b[2J\r\n   9  finished    epoch 5/5  step 99  trusted\0\u202e'

/** The control characters in output, other than the newlines that end its lines. */
const controlCharacters = (output: string) => [...output].filter((char) => char !== '\n' && printable(char) !== char)

describe('printable', () => {
  it('shows control characters, line separators and bidirectional overrides as escapes, and leaves other text alone', () => {
    expect(printable(FORGED)).toBe('faces\\x1b[2J\\r\\n   9  finished    epoch 5/5  step 99  trusted\\0\\u202e')
    expect(printable('\x07\x7f\x9b\u2028\t')).toBe('\\x07\\x7f\\x9b\\u2028\\t')
    expect(printable('Visages d’été — 顔 😀')).toBe('Visages d’été — 顔 😀')
  })
})

describe('names in the command line’s output', () => {
  const dataDir = join(makeTempDir('studio-cli-names-'), 'data')
  const studio = openStudio(dataDir)
  studio.db
    .prepare(
      `INSERT INTO datasets (id, name, source_label, source_path, storage_dir, channels, all_grayscale, sizes, created_at) VALUES (1, 'faces', 'faces', '/faces', 'dataset-1', 3, 0, '[32]', '2026-01-01')`,
    )
    .run()
  const runId = studio.runs.queries.insert({
    name: FORGED,
    datasetId: 1,
    preset: 'quick',
    config: {},
    seed: 1,
    epochs: 5,
    notes: '',
    tags: [],
  })
  studio.runs.queries.setStatus(runId, 'stopped', 'stopped by \x1b[31myou\x1b[0m')
  studio.close()

  it('cannot forge a line or reach the terminal: `runs` prints one escaped line per run', async () => {
    const { code, stdout } = await runCli(['runs', '--data-dir', dataDir])
    expect(code).toBe(0)
    expect(stdout.split('\n').filter(Boolean)).toEqual([
      `   ${runId}  stopped     epoch 0/5  step 0  ${printable(FORGED)}  (stopped by \\x1b[31myou\\x1b[0m)`,
    ])
    expect(controlCharacters(stdout)).toEqual([])
  })

  it('keeps --json valid JSON that carries the name exactly', async () => {
    const { stdout } = await runCli(['runs', '--json', '--data-dir', dataDir])
    expect((JSON.parse(stdout) as { name: string }[])[0]!.name).toBe(FORGED)
  })

  it('escapes names in error messages too', async () => {
    const { code, stderr } = await runCli(['checkpoints', 'no\nsuch\x1b[0m', '--data-dir', dataDir])
    expect(code).toBe(1)
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(1)
    expect(stderr).toContain('there is no run "no\\nsuch\\x1b[0m"')
    expect(controlCharacters(stderr)).toEqual([])
  })
})
