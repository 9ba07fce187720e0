import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, promises as fsp, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { initBackend } from './backends'
import { CheckpointError, readCheckpoint, writeCheckpoint } from './checkpoint'
import { randomDataset } from './dataset'
import { preset } from './presets'
import { Trainer } from './trainer'
import { maxAbsDiff } from './test-helpers'

const dir = mkdtempSync(path.join(os.tmpdir(), 'dcgan-ckpt-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function weights(t: Trainer): Promise<Float32Array[]> {
  return Promise.all(
    [...t.g.params, ...t.g.buffers, ...t.d.params, ...t.ema.variables()].map(
      async (p) => (await p.v.data()) as Float32Array,
    ),
  )
}

describe('checkpoints (cpu backend)', () => {
  beforeAll(async () => {
    await initBackend('cpu')
  })

  const variants = [
    { loss: 'bce', augment: 'off' },
    { loss: 'wgan', augment: 'off' },
    { loss: 'bce', augment: 'fixed' },
    { loss: 'wgan', augment: 'fixed' },
    { loss: 'bce', augment: 'adaptive' },
  ] as const
  for (const { loss, augment } of variants) {
    it(`${loss}, augmentation ${augment}: N steps + checkpoint + restore + M steps equals N+M straight, EMA included`, async () => {
      const cfg = preset('quick', {
        imageSize: 16,
        baseChannels: 4,
        zDim: 8,
        batchSize: 6,
        seed: 3,
        augment,
        augmentP: 0.5,
        ...(loss === 'wgan'
          ? { loss, optimizer: { kind: 'rmsprop', lr: 5e-5, alpha: 0.99, eps: 1e-8 }, nCritic: 2 }
          : {}),
      })
      const ds = randomDataset(20, 16, 3) // 3 steps per epoch: the run crosses epochs
      const N = 4
      const M = 3
      const straight = new Trainer(cfg, ds)
      for (let i = 0; i < N + M; i++) await straight.step()

      const first = new Trainer(cfg, ds)
      for (let i = 0; i < N; i++) await first.step()
      const { folder, bytes } = await writeCheckpoint(path.join(dir, loss), await first.snapshot())
      expect(bytes).toBeGreaterThan(0)
      first.dispose()

      const resumed = Trainer.fromSnapshot(await readCheckpoint(folder), ds)
      expect(resumed.stepsDone).toBe(N)
      for (let i = 0; i < M; i++) await resumed.step()

      expect(resumed.stepsDone).toBe(straight.stepsDone)
      expect(resumed.epochsDone).toBe(straight.epochsDone)
      expect(resumed.imagesSeen).toBe(straight.imagesSeen)
      expect(resumed.optG.step).toBe(straight.optG.step)
      const a = await weights(straight)
      const b = await weights(resumed)
      for (let i = 0; i < a.length; i++) expect(maxAbsDiff(a[i]!, b[i]!)).toBeLessThanOrEqual(1e-5)
      const sa = await straight.snapshot()
      const sb = await resumed.snapshot()
      expect(sb.rng).toEqual(sa.rng)
      expect(sb.plan).toEqual(sa.plan)
      expect(sb.augment).toEqual(sa.augment)
      straight.dispose()
      resumed.dispose()
    })
  }

  it('refuses partial and corrupt checkpoints', async () => {
    const t = new Trainer(
      preset('quick', { imageSize: 16, baseChannels: 4, zDim: 8, batchSize: 4 }),
      randomDataset(8, 16, 3),
    )
    await t.step()
    const snap = await t.snapshot()
    t.dispose()
    const { folder } = await writeCheckpoint(path.join(dir, 'bad'), snap)
    // corrupt one byte of the tensors
    const f = path.join(folder, 'tensors.bin')
    const buf = await fsp.readFile(f)
    buf[100] = buf[100]! ^ 0xff
    await fsp.writeFile(f, buf)
    await expect(readCheckpoint(folder)).rejects.toThrow(/tensors.bin does not match its sha256/)
    // a folder without its manifest (crash before the manifest was written)
    const { folder: f2 } = await writeCheckpoint(path.join(dir, 'partial'), snap)
    await fsp.rm(path.join(f2, 'manifest.json'))
    await expect(readCheckpoint(f2)).rejects.toBeInstanceOf(CheckpointError)
    await expect(readCheckpoint(f2)).rejects.toThrow(/no manifest/)
    // truncated file
    const { folder: f3 } = await writeCheckpoint(path.join(dir, 'trunc'), snap)
    await fsp.truncate(path.join(f3, 'state.json'), 4)
    await expect(readCheckpoint(f3)).rejects.toThrow(/state.json has 4 bytes/)
    // no temp folders left behind
    expect((await fsp.readdir(path.join(dir, 'bad'))).filter((n) => n.startsWith('.'))).toEqual([])
  })
})
