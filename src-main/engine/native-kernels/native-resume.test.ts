import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { initBackend } from '../backends'
import { readCheckpoint, writeCheckpoint } from '../checkpoint'
import { randomDataset } from '../dataset'
import { preset } from '../presets'
import { Trainer } from '../trainer'
import { maxAbsDiff } from '../test-helpers'
import { loadOneDnn } from './addon'

const dir = mkdtempSync(path.join(os.tmpdir(), 'dcgan-native-resume-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function weights(t: Trainer): Promise<Float32Array[]> {
  return Promise.all(
    [...t.g.params, ...t.g.buffers, ...t.d.params].map(async (p) => (await p.v.data()) as Float32Array),
  )
}

// The wasm backend with whichever convolution kernels this machine has (native oneDNN where built).
describe(`exact resume on wasm (${loadOneDnn().ok ? 'native oneDNN' : 'wasm'} kernels)`, () => {
  beforeAll(async () => {
    await initBackend('wasm')
  })

  it('N steps + checkpoint + restore + M steps equals N+M straight', async () => {
    const cfg = preset('quick', { imageSize: 16, baseChannels: 4, zDim: 8, batchSize: 6, seed: 5 })
    const ds = randomDataset(20, 16, 3)
    const straight = new Trainer(cfg, ds)
    for (let i = 0; i < 7; i++) await straight.step()
    const first = new Trainer(cfg, ds)
    for (let i = 0; i < 4; i++) await first.step()
    const { folder } = await writeCheckpoint(path.join(dir, 'run'), await first.snapshot())
    first.dispose()
    const resumed = Trainer.fromSnapshot(await readCheckpoint(folder), ds)
    for (let i = 0; i < 3; i++) await resumed.step()
    expect(resumed.step).toBe(straight.step)
    const a = await weights(straight)
    const b = await weights(resumed)
    for (let i = 0; i < a.length; i++) expect(maxAbsDiff(a[i]!, b[i]!)).toBeLessThanOrEqual(1e-5)
    straight.dispose()
    resumed.dispose()
  })
})
