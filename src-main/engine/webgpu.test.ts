/**
 * The webgpu backend (Dawn, from the optional `webgpu` package) trains like cpu. Without a GPU it
 * runs on a software Vulkan adapter (Mesa's lavapipe: CI installs mesa-vulkan-drivers from
 * bookworm-backports, bookworm's own Mesa is too old for Dawn); the test forces it, which the app's
 * automatic selection never does. It is skipped, saying why, only where no WebGPU adapter exists.
 */
import { describe, expect, it } from 'vitest'
import * as tf from './tf'
import { initBackend } from './backends'
import { randomDataset } from './dataset'
import { preset } from './presets'
import type { TrainConfig } from './presets'
import { Trainer } from './trainer'
import type { StepMetrics, TrainerSnapshot } from './trainer'

const STEPS = 3
const LOSS_TOLERANCE = 1e-4
const WEIGHT_TOLERANCE = 1e-4

async function webgpuUnavailable(): Promise<string | null> {
  try {
    await initBackend('webgpu', { webgpuSoftwareAdapter: true })
    return null
  } catch (e) {
    return (e as Error).message
  }
}
const unavailable = await webgpuUnavailable()

const dataset = randomDataset(32, 16, 3, 7)
const configs: Record<string, TrainConfig> = {
  bce: preset('quick', { imageSize: 16, baseChannels: 4, zDim: 8, batchSize: 8, flip: true }),
  wgan: preset('wgan-64', { imageSize: 16, baseChannels: 4, zDim: 8, batchSize: 8, nCritic: 2 }),
}

/** STEPS steps from `snap` on `backend`: the metrics and every weight afterwards. */
async function trainOn(backend: 'cpu' | 'webgpu', snap: TrainerSnapshot) {
  await initBackend(backend, { webgpuSoftwareAdapter: true })
  expect(tf.getBackend()).toBe(backend)
  const t = Trainer.fromSnapshot(snap, dataset)
  try {
    const metrics: StepMetrics[] = []
    for (let i = 0; i < STEPS; i++) metrics.push((await t.step()).metrics)
    const weights = new Map<string, Float32Array>()
    for (const p of [...t.g.params, ...t.g.buffers, ...t.d.params])
      weights.set(p.name, (await p.v.data()) as Float32Array)
    return { metrics, weights }
  } finally {
    t.dispose()
  }
}

/** The same start trained on cpu and on webgpu. */
async function bothBackends(config: TrainConfig) {
  await initBackend('cpu')
  const start = new Trainer(config, dataset)
  const snap = await start.snapshot()
  start.dispose()
  return [await trainOn('cpu', snap), await trainOn('webgpu', snap)] as const
}

describe.skipIf(unavailable !== null)(`webgpu against cpu${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  for (const loss of ['bce', 'wgan'] as const) {
    it(`${loss}: ${STEPS} steps from the same state give the same losses and weights`, async () => {
      const [cpu, gpu] = await bothBackends(configs[loss]!)
      cpu.metrics.forEach((m, i) => {
        const w = gpu.metrics[i]!
        expect(w.nonFinite).toBeUndefined()
        for (const k of ['dLoss', 'gLoss', 'dReal', 'dFake'] as const) {
          expect(Math.abs(w[k] - m[k]), `step ${i + 1} ${k}: webgpu ${w[k]}, cpu ${m[k]}`).toBeLessThanOrEqual(
            LOSS_TOLERANCE,
          )
        }
      })
      for (const [name, a] of cpu.weights) {
        const b = gpu.weights.get(name)!
        let worst = 0
        for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!))
        expect(worst, `${name}: largest difference`).toBeLessThanOrEqual(WEIGHT_TOLERANCE)
      }
    }, 120_000)
  }

  it('the software adapter is used only when the test asks for it', async () => {
    await initBackend('cpu')
    await expect(initBackend('webgpu')).rejects.toThrow(/no hardware GPU|no GPU device nodes/)
  })
})
