import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from './tf'
import { initBackend } from './backends'
import {
  buildDiscriminator,
  buildGenerator,
  countParams,
  discriminatorForward,
  disposeNetwork,
  generatorForward,
} from './models'
import type { ModelConfig } from './models'
import { batchNormAct } from './layers'
import { Rng } from '../../src-shared/rng'
import { detFloats, maxAbsDiff } from './test-helpers'

/** PyTorch ConvTranspose2d(k, stride s, padding p, bias=False) by its definition, NHWC, W [k,k,out,in]. */
function torchConvTranspose(
  x: Float32Array,
  [n, h, w, cin]: [number, number, number, number],
  wt: Float32Array,
  k: number,
  cout: number,
  s: number,
  p: number,
) {
  const oh = (h - 1) * s - 2 * p + k
  const ow = (w - 1) * s - 2 * p + k
  const out = new Float32Array(n * oh * ow * cout)
  for (let b = 0; b < n; b++)
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++)
        for (let ky = 0; ky < k; ky++)
          for (let kx = 0; kx < k; kx++) {
            const y = i * s - p + ky
            const xx = j * s - p + kx
            if (y < 0 || y >= oh || xx < 0 || xx >= ow) continue
            for (let ci = 0; ci < cin; ci++) {
              const v = x[((b * h + i) * w + j) * cin + ci]!
              for (let co = 0; co < cout; co++)
                out[((b * oh + y) * ow + xx) * cout + co]! += v * wt[((ky * k + kx) * cout + co) * cin + ci]!
            }
          }
  return { out, shape: [n, oh, ow, cout] }
}

/** PyTorch Conv2d(k, stride s, padding p, bias=False) by its definition, NHWC, W [k,k,in,out]. */
function torchConv(
  x: Float32Array,
  [n, h, w, cin]: [number, number, number, number],
  wt: Float32Array,
  k: number,
  cout: number,
  s: number,
  p: number,
) {
  const oh = Math.floor((h + 2 * p - k) / s) + 1
  const ow = Math.floor((w + 2 * p - k) / s) + 1
  const out = new Float32Array(n * oh * ow * cout)
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++)
      for (let xx = 0; xx < ow; xx++)
        for (let co = 0; co < cout; co++) {
          let acc = 0
          for (let ky = 0; ky < k; ky++)
            for (let kx = 0; kx < k; kx++) {
              const i = y * s - p + ky
              const j = xx * s - p + kx
              if (i < 0 || i >= h || j < 0 || j >= w) continue
              for (let ci = 0; ci < cin; ci++)
                acc += x[((b * h + i) * w + j) * cin + ci]! * wt[((ky * k + kx) * cin + ci) * cout + co]!
            }
          out[((b * oh + y) * ow + xx) * cout + co] = acc
        }
  return { out, shape: [n, oh, ow, cout] }
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`models on ${backend}`, () => {
    beforeAll(async () => {
      await initBackend(backend)
    })

    it('tfjs conv2dTranspose(stride 2, pad 1) is PyTorch ConvTranspose2d(k4, s2, p1) arithmetic', async () => {
      const shape: [number, number, number, number] = [2, 4, 4, 3]
      const x = detFloats(2 * 4 * 4 * 3, 11)
      const w = detFloats(4 * 4 * 5 * 3, 12)
      const ref = torchConvTranspose(x, shape, w, 4, 5, 2, 1)
      expect(ref.shape).toEqual([2, 8, 8, 5])
      const y = tf.conv2dTranspose(tf.tensor4d(x, shape), tf.tensor4d(w, [4, 4, 5, 3]), [2, 8, 8, 5], 2, 1)
      expect(maxAbsDiff(await y.data(), ref.out)).toBeLessThan(1e-5)
      y.dispose()
    })

    it('tfjs conv2d(stride 2, pad 1) is PyTorch Conv2d(k4, s2, p1) arithmetic', async () => {
      const shape: [number, number, number, number] = [2, 8, 8, 3]
      const x = detFloats(2 * 8 * 8 * 3, 13)
      const w = detFloats(4 * 4 * 3 * 5, 14)
      const ref = torchConv(x, shape, w, 4, 5, 2, 1)
      const y = tf.conv2d(tf.tensor4d(x, shape), tf.tensor4d(w, [4, 4, 3, 5]), 2, 1)
      expect(y.shape).toEqual(ref.shape)
      expect(maxAbsDiff(await y.data(), ref.out)).toBeLessThan(1e-5)
      y.dispose()
    })

    const configs: ModelConfig[] = [
      { arch: 'compact', imageSize: 32, channels: 3, zDim: 100, baseChannels: 32 },
      { arch: 'compact', imageSize: 32, channels: 1, zDim: 16, baseChannels: 4 },
      { arch: 'paper', imageSize: 64, channels: 3, zDim: 100, baseChannels: 8 },
      { arch: 'paper', imageSize: 64, channels: 1, zDim: 16, baseChannels: 4 },
      { arch: 'compact', imageSize: 16, channels: 3, zDim: 8, baseChannels: 4 },
    ]
    for (const cfg of configs) {
      it(`${cfg.arch} ${cfg.imageSize}px ${cfg.channels}ch: G and D shapes`, async () => {
        const rng = new Rng(1)
        const g = buildGenerator(cfg, rng)
        const d = buildDiscriminator(cfg, rng)
        const z = tf.tensor2d(new Rng(2).fillNormal(new Float32Array(3 * cfg.zDim)), [3, cfg.zDim])
        const img = generatorForward(g, z)
        expect(img.shape).toEqual([3, cfg.imageSize, cfg.imageSize, cfg.channels])
        const v = await img.data()
        expect(Math.max(...v)).toBeLessThanOrEqual(1)
        expect(Math.min(...v)).toBeGreaterThanOrEqual(-1)
        const logits = discriminatorForward(d, img)
        expect(logits.shape).toEqual([3])
        tf.dispose([z, img, logits])
        disposeNetwork(g)
        disposeNetwork(d)
      })
    }

    it('compact-32 and paper-64 have the peer parameter counts', () => {
      // PyTorch: sum(p.numel() for p in g.parameters()) of the peer's models
      const compact = { arch: 'compact', imageSize: 32, channels: 3, zDim: 100, baseChannels: 32 } as const
      const paper = { arch: 'paper', imageSize: 64, channels: 3, zDim: 100, baseChannels: 64 } as const
      const counts = [compact, paper].map((c) => {
        const rng = new Rng(0)
        const g = buildGenerator(c, rng)
        const d = buildDiscriminator(c, rng)
        const r = [countParams(g), countParams(d)]
        disposeNetwork(g)
        disposeNetwork(d)
        return r
      })
      // compact G: fc 100*2048+2048, convT 128*64*16, bn 2*64, convT 64*32*16, bn 2*32, convT 32*3*16
      expect(counts[0]![0]).toBe(100 * 2048 + 2048 + 128 * 64 * 16 + 128 + 64 * 32 * 16 + 64 + 32 * 3 * 16)
      // compact D: conv 3*32*16, conv 32*64*16 + bn 128, conv 64*128*16 + bn 256, fc 2048+1
      expect(counts[0]![1]).toBe(3 * 32 * 16 + 32 * 64 * 16 + 128 + 64 * 128 * 16 + 256 + 2048 + 1)
      // paper-64: the well-known 3,576,704 (G) and 2,765,568 (D)
      expect(counts[1]).toEqual([3576704, 2765568])
    })

    it('fused batch norm + activation has the autodiff gradients', async () => {
      const x = tf.tensor4d(detFloats(4 * 3 * 3 * 5, 21), [4, 3, 3, 5])
      const gamma = tf.tensor1d(detFloats(5, 22))
      const beta = tf.tensor1d(detFloats(5, 23))
      const dy = tf.tensor4d(detFloats(4 * 3 * 3 * 5, 24), [4, 3, 3, 5])
      for (const act of ['relu', 'lrelu', 'none'] as const) {
        const reference = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
          const { mean, variance } = tf.moments(a, [0, 1, 2])
          const y = tf.batchNorm4d(
            a as tf.Tensor4D,
            mean as tf.Tensor1D,
            variance as tf.Tensor1D,
            b as tf.Tensor1D,
            g as tf.Tensor1D,
            1e-5,
          )
          return act === 'relu' ? tf.relu(y) : act === 'lrelu' ? tf.leakyRelu(y, 0.2) : y
        }
        const fused = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          batchNormAct(a as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5, act, 0.2)
        const r1 = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(reference(a, g, b), dy)))([
          x,
          gamma,
          beta,
        ])
        const r2 = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(fused(a, g, b), dy)))([
          x,
          gamma,
          beta,
        ])
        const y1 = reference(x, gamma, beta)
        const y2 = fused(x, gamma, beta)
        expect(maxAbsDiff(await y1.data(), await y2.data())).toBeLessThan(1e-5)
        for (let i = 0; i < 3; i++) expect(maxAbsDiff(await r1[i]!.data(), await r2[i]!.data())).toBeLessThan(1e-4)
        tf.dispose([...r1, ...r2, y1, y2])
      }
      tf.dispose([x, gamma, beta, dy])
    })
  })
}
