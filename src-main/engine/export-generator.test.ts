import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, promises as fsp, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as tf from './tf'
import { initBackend } from './backends'
import { readCheckpoint, writeCheckpoint } from './checkpoint'
import { randomDataset } from './dataset'
import { disposeNetwork, generateImages, generatorForward, samplingLayers } from './models'
import { preset } from './presets'
import type { TrainConfig } from './presets'
import { Rng } from '../../src-shared/rng'
import { Trainer } from './trainer'
import { detFloats, maxAbsDiff } from './test-helpers'
import {
  MODEL_JSON_FILE,
  MODEL_WEIGHTS_FILE,
  generatorModelFiles,
  generatorNetwork,
  generatorWeightsOf,
  loadGeneratorModel,
  writeGeneratorModel,
} from './export-generator'

const dir = mkdtempSync(path.join(os.tmpdir(), 'dcgan-export-gen-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function trained(cfg: TrainConfig, steps: number): Promise<Trainer> {
  const t = new Trainer(cfg, randomDataset(Math.max(cfg.batchSize * 2, 8), cfg.imageSize, cfg.channels, 5))
  for (let i = 0; i < steps; i++) await t.step()
  return t
}

/**
 * A freshly trained generator's output is ~0.003 everywhere (every face the same flat grey), where a
 * wrong layer would hide inside the tolerance: its last layer is scaled up until the outputs use
 * tanh's range, as a trained generator's do.
 */
/** Scales the last layer of the EMA generator (what previews and exports use) so its faces differ visibly. */
function amplifyLastLayer(trainer: Trainer, factor: number): void {
  const last = trainer.ema.net.params.find((p) => p.name === `g.up${samplingLayers(trainer.config.imageSize)}.w`)!
  last.v.assign(tf.mul(last.v, factor))
}

describe('export-generator (cpu backend)', () => {
  beforeAll(async () => {
    await initBackend('cpu')
  })

  it("Keras conv2dTranspose k4 s2 'same' equals explicit pad 1 (numerically), and pad 0 does not", () => {
    const x = tf.tensor4d(detFloats(2 * 5 * 5 * 3, 7), [2, 5, 5, 3])
    const w = tf.tensor4d(detFloats(4 * 4 * 6 * 3, 9), [4, 4, 6, 3])
    const pad1 = tf.conv2dTranspose(x, w, [2, 10, 10, 6], 2, 1)
    const same = tf.conv2dTranspose(x, w, [2, 10, 10, 6], 2, 'same')
    // pad 0 gives 12×12; its centre crop would be pad 1 — the asymmetric crops must differ
    const pad0 = tf.conv2dTranspose(x, w, [2, 12, 12, 6], 2, 0)
    const shifted = tf.slice(pad0, [0, 0, 0, 0], [2, 10, 10, 6])
    const centre = tf.slice(pad0, [0, 1, 1, 0], [2, 10, 10, 6])
    expect(maxAbsDiff(pad1.dataSync(), same.dataSync())).toBeLessThanOrEqual(1e-6)
    expect(maxAbsDiff(pad1.dataSync(), centre.dataSync())).toBeLessThanOrEqual(1e-6)
    expect(maxAbsDiff(pad1.dataSync(), shifted.dataSync())).toBeGreaterThan(1e-2)
    tf.dispose([x, w, pad1, same, pad0, shifted, centre])
  })

  const cases: [string, TrainConfig][] = [
    ['quick (compact)', preset('quick', { batchSize: 4, seed: 11 })],
    [
      'tiny paper 32px',
      preset('quick', { arch: 'paper', imageSize: 32, baseChannels: 8, zDim: 16, batchSize: 4, seed: 12 }),
    ],
  ]
  for (const [label, cfg] of cases) {
    it(`${label}: the saved TF.js model reproduces Trainer.generate`, async () => {
      const trainer = await trained(cfg, 2)
      amplifyLastLayer(trainer, 400)
      const n = 6
      const latents = new Rng(99).fillNormal(new Float32Array(n * cfg.zDim))
      const expectedU8 = await trainer.generate(latents)
      const expectedF = tf.tidy(() =>
        generatorForward(trainer.ema.net, tf.tensor2d(latents, [n, cfg.zDim]), { training: false }),
      )
      const expectedFloat = (await expectedF.data()) as Float32Array
      expectedF.dispose()
      expect(Math.max(...expectedFloat.map(Math.abs))).toBeGreaterThan(0.5)
      const perImage = cfg.imageSize * cfg.imageSize * cfg.channels
      expect(maxAbsDiff(expectedU8.subarray(0, perImage), expectedU8.subarray(perImage, 2 * perImage))).toBeGreaterThan(
        20,
      )

      // through a checkpoint on disk, as the export service does
      const { folder } = await writeCheckpoint(path.join(dir, label.replace(/\W+/g, '-')), await trainer.snapshot())
      const weights = await generatorWeightsOf(await readCheckpoint(folder))
      // the EMA by default; G itself when asked
      const lastLayer = `g.up${samplingLayers(cfg.imageSize)}.w`
      const raw = await generatorWeightsOf(await readCheckpoint(folder), { raw: true })
      expect(raw.tensors.get(lastLayer)!.data).toEqual(
        await trainer.g.params.find((p) => p.name === lastLayer)!.v.data(),
      )
      expect(weights.tensors.get(lastLayer)!.data).toEqual(
        await trainer.ema.net.params.find((p) => p.name === lastLayer)!.v.data(),
      )
      const out = path.join(dir, `${label.replace(/\W+/g, '-')}-model`)
      await fsp.mkdir(out)
      const written = await writeGeneratorModel(out, await generatorModelFiles(weights, { run: 1 }))
      expect(written.map((f) => path.basename(f)).sort()).toEqual([MODEL_WEIGHTS_FILE, MODEL_JSON_FILE].sort())
      const json = JSON.parse(await fsp.readFile(path.join(out, MODEL_JSON_FILE), 'utf8')) as {
        format: string
        userDefinedMetadata: { run: number }
      }
      expect(json.format).toBe('layers-model')
      expect(json.userDefinedMetadata.run).toBe(1)

      const model = await loadGeneratorModel(out)
      const y = model.predict(tf.tensor2d(latents, [n, cfg.zDim])) as tf.Tensor
      expect(y.shape).toEqual([n, cfg.imageSize, cfg.imageSize, cfg.channels])
      const yf = (await y.data()) as Float32Array
      expect(maxAbsDiff(yf, expectedFloat)).toBeLessThanOrEqual(1e-4)
      const yU8 = tf.tidy(() => tf.cast(tf.clipByValue(tf.mul(tf.add(y, 1), 127.5), 0, 255), 'int32'))
      expect(maxAbsDiff(await yU8.data(), expectedU8)).toBeLessThanOrEqual(1)
      tf.dispose([y, yU8])
      model.dispose()

      // generateImages on a network rebuilt from the checkpoint is Trainer.generate
      const net = generatorNetwork(weights)
      expect(maxAbsDiff(await generateImages(net, latents, { chunk: 4 }), expectedU8)).toBe(0)
      disposeNetwork(net)
      trainer.dispose()
    })
  }

  it('refuses weights of the wrong shape', async () => {
    const trainer = await trained(preset('quick', { batchSize: 4 }), 0)
    const w = await generatorWeightsOf(trainer)
    const fc = w.tensors.get('g.fc.w')!
    w.tensors.set('g.fc.w', { ...fc, shape: [1, fc.data.length], data: fc.data })
    expect(() => generatorNetwork(w)).toThrow(/shape/)
    w.tensors.delete('g.fc.w')
    await expect(generatorModelFiles(w)).rejects.toThrow(/lacks generator tensor g.fc.w/)
    trainer.dispose()
  })
})
