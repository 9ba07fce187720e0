import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readCheckpoint, writeCheckpoint } from '../engine/checkpoint'
import { preset } from '../engine/presets'
import { writeTrainingCache } from '../services/datasets/training-cache'
import type { TrainingReport } from './training-protocol'
import { TrainingSession } from './training-session'

const root = mkdtempSync(join(tmpdir(), 'studio-session-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

async function tinyCache(): Promise<string> {
  const count = 16
  const pixels = new Uint8Array(count * 32 * 32 * 3).map((_, index) => (index * 31) % 256)
  const path = join(root, 'cache-32.bin')
  await writeTrainingCache(path, { count, size: 32, channels: 3, pixels })
  return path
}

describe('TrainingSession', () => {
  it('pauses with a clear reason when the disk fills during a checkpoint, keeping the previous one intact', async () => {
    const checkpointsDir = join(root, 'checkpoints')
    let writes = 0
    const fullOnSecondWrite: typeof writeCheckpoint = async (dir, snapshot) => {
      writes++
      if (writes === 2) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
      return writeCheckpoint(dir, snapshot)
    }
    const reports: TrainingReport[] = []
    const session = new TrainingSession(
      {
        type: 'start',
        runId: 1,
        config: { ...preset('quick'), batchSize: 8, seed: 5 },
        backend: 'cpu',
        cachePath: await tinyCache(),
        positions: Array.from({ length: 16 }, (_, index) => index),
        epochs: 3,
        samplesDir: join(root, 'samples'),
        checkpointsDir,
        resumeFrom: null,
      },
      (report) => {
        reports.push(report)
        if (report.type === 'paused') setTimeout(() => session.resume(), 10)
      },
      { writeCheckpoint: fullOnSecondWrite },
    )
    await session.run()

    const paused = reports.find((report) => report.type === 'paused')
    expect(paused).toEqual({ type: 'paused', reason: expect.stringMatching(/disk is full.*previous one is intact/) })
    const checkpoints = reports.filter((report) => report.type === 'checkpoint')
    expect(checkpoints.map((report) => report.step)).toEqual([2, 6])
    expect((await readCheckpoint(checkpoints[0]!.folder)).step).toBe(2)
    expect(reports.at(-1)).toEqual({ type: 'finished' })
    const sampleEpochs = reports.flatMap((report) => (report.type === 'samples' ? [report.epoch] : []))
    expect(sampleEpochs).toEqual([0, 1, 2, 3])
  })
})
