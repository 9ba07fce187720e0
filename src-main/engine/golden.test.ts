/**
 * The studio's training step against PyTorch: the golden fixtures (scripts/golden/make-golden.py)
 * hold a reference's initial weights, fixed batches and noise, and its losses and weights after 3
 * steps. The studio's own models, optimisers and step (gan-steps.ts) run from the same state on the same inputs.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from './tf'
import { initBackend } from './backends'
import { fillBatch } from './dataset'
import { loadGolden } from './golden'
import type { GoldenCase } from './golden'
import { bceStep, wganStep } from './gan-steps'
import type { GanStepParts } from './gan-steps'
import { buildDiscriminator, buildGenerator, disposeNetwork } from './models'
import { Optimizer } from './optimizers'
import type { OptimizerConfig } from './optimizers'
import { modelConfigOf } from './trainer'
import { Rng } from '../../src-shared/rng'

const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden')
const TOLERANCE = 1e-4

/** The studio's networks and optimisers in the fixture's initial state, and a step on the fixture's batches and noise. */
function goldenStep(gc: GoldenCase) {
  const c = gc.config
  const size = c.imageSize * c.imageSize * c.channels
  const dataset = {
    count: gc.real.length * c.batchSize,
    size: c.imageSize,
    channels: c.channels,
    pixels: new Uint8Array(gc.real.length * c.batchSize * size),
  }
  gc.real.forEach((b, k) => dataset.pixels.set(b, k * b.length))
  const rng = new Rng(c.seed, 0)
  const g = buildGenerator(modelConfigOf(c), rng)
  const d = buildDiscriminator(modelConfigOf(c), rng)
  const optimizer = c.optimizer as OptimizerConfig
  const optG = new Optimizer(optimizer, g.params)
  const optD = new Optimizer(optimizer, d.params)
  const vars = new Map([...g.params, ...g.buffers, ...d.params].map((p) => [p.name, p.v]))
  expect([...vars.keys()].sort()).toEqual(gc.tensors.map((x) => x.name).sort())
  for (const x of gc.tensors) {
    const v = vars.get(x.name)!
    expect(v.shape).toEqual(x.shape)
    tf.tidy(() => v.assign(tf.tensor(x.init, v.shape, 'float32')))
  }
  let real = 0
  let noise = 0
  const parts: GanStepParts = {
    config: c,
    g,
    d,
    optG,
    optD,
    // PyTorch's step has no augmentation
    augment: (x) => x,
    realBatch: () => {
      const buf = new Float32Array(c.batchSize * size)
      fillBatch(
        dataset,
        Array.from({ length: c.batchSize }, (_, i) => real * c.batchSize + i),
        null,
        buf,
      )
      real++
      return tf.tensor4d(buf, [c.batchSize, c.imageSize, c.imageSize, c.channels], 'float32')
    },
    noise: (n) => {
      expect(n).toBe(c.batchSize)
      return tf.tensor2d(gc.noise[noise++]!, [n, c.zDim], 'float32')
    },
  }
  return {
    vars,
    step: () => (c.loss === 'wgan' ? wganStep(parts) : bceStep(parts)),
    dispose: () => {
      disposeNetwork(g)
      disposeNetwork(d)
      optG.dispose()
      optD.dispose()
    },
  }
}

describe('golden PyTorch fixtures (wasm backend)', () => {
  beforeAll(async () => {
    await initBackend('wasm')
  })

  for (const name of ['compact-32-bce', 'tiny-wgan']) {
    it(`${name}: 3 studio steps give PyTorch's losses and weights within ${TOLERANCE}`, async () => {
      const gc = loadGolden(GOLDEN_DIR, name)
      const t = goldenStep(gc)
      try {
        for (let s = 0; s < gc.steps; s++) {
          const m = await t.step()
          expect(m.nonFinite).toBeUndefined()
          const want = gc.metrics[s]!
          for (const k of ['dLoss', 'gLoss', 'dReal', 'dFake'] as const) {
            // WGAN scores of a clipped critic are ~1e-4: their tolerance scales down with them
            const tol = TOLERANCE * Math.min(1, Math.max(Math.abs(want[k]), 1e-2))
            expect(
              Math.abs(m[k] - want[k]),
              `step ${s + 1} ${k}: studio ${m[k]}, PyTorch ${want[k]}`,
            ).toBeLessThanOrEqual(tol)
          }
        }
        for (const x of gc.tensors) {
          const got = (await t.vars.get(x.name)!.data()) as Float32Array
          let worst = 0
          let at = 0
          for (let i = 0; i < got.length; i++) {
            const e = Math.abs(got[i]! - x.after[i]!)
            if (e > worst) [worst, at] = [e, i]
          }
          expect(
            worst,
            `${x.name}[${at}]: studio ${got[at]}, PyTorch ${x.after[at]} (fixture encoding error ≤ ${x.afterError})`,
          ).toBeLessThanOrEqual(TOLERANCE)
        }
      } finally {
        t.dispose()
      }
    }, 300_000)
  }
})
