import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from '../tf'
import { initBackend, type BackendReport } from '../backends'
import { detFloats, maxAbsDiff, onBackend } from '../test-helpers'
import { loadOneDnn } from './addon'

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]]
interface Case {
  x: [number, number, number, number]
  k: [number, number]
  cout: number
  s: [number, number] | number
  pad: Pad
}

const cases: Case[] = [
  { x: [1, 8, 8, 3], k: [4, 4], cout: 5, s: 2, pad: 1 }, // DCGAN k4 s2 p1, batch 1
  { x: [64, 16, 16, 8], k: [4, 4], cout: 16, s: 2, pad: 1 }, // batch 64
  { x: [64, 4, 4, 16], k: [4, 4], cout: 1, s: 1, pad: 0 }, // paper-64 D's last layer
  { x: [2, 8, 8, 3], k: [4, 4], cout: 5, s: 2, pad: 'same' },
  { x: [2, 9, 9, 3], k: [3, 3], cout: 4, s: 2, pad: 'valid' },
  { x: [2, 7, 7, 2], k: [3, 3], cout: 3, s: 1, pad: 'same' },
  { x: [2, 9, 7, 3], k: [3, 5], cout: 4, s: [2, 1], pad: 'same' }, // non-square filter and strides
  {
    x: [2, 8, 6, 2],
    k: [4, 2],
    cout: 3,
    s: 2,
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  }, // non-square explicit padding
  { x: [1, 10, 10, 2], k: [5, 5], cout: 2, s: 2, pad: 2 },
]

const label = (c: Case) => `x ${c.x.join('×')} k${c.k.join('×')} s${c.s} pad ${JSON.stringify(c.pad)}`

/** conv2d forward and both gradients (the gradient wrt x is Conv2DBackpropInput = conv2dTranspose). */
function convAndGrads(c: Case) {
  const [n, h, w, cin] = c.x
  return () => {
    const x = tf.tensor4d(detFloats(n * h * w * cin, 1), c.x)
    const f = tf.tensor4d(detFloats(c.k[0] * c.k[1] * cin * c.cout, 2), [c.k[0], c.k[1], cin, c.cout])
    const conv = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad as 'same')
    const y = conv(x, f)
    const dy = tf.tensor(detFloats(y.size, 3), y.shape)
    const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a, b), dy)))([x, f])
    return [y, gx!, gf!]
  }
}

/** conv2dTranspose (the generator's layer) and its gradients (Conv2D and Conv2DBackpropFilter). */
function transposeAndGrads(c: Case) {
  const [n, h, w, cin] = c.x
  return () => {
    const [, oh, ow] = tf.conv2d(
      tf.zeros(c.x) as tf.Tensor4D,
      tf.zeros([c.k[0], c.k[1], cin, c.cout]) as tf.Tensor4D,
      c.s,
      c.pad as 'same',
    ).shape
    const dy = tf.tensor4d(detFloats(n * oh * ow * c.cout, 4), [n, oh, ow, c.cout])
    const f = tf.tensor4d(detFloats(c.k[0] * c.k[1] * cin * c.cout, 5), [c.k[0], c.k[1], cin, c.cout])
    const up = (a: tf.Tensor, b: tf.Tensor) =>
      tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [n, h, w, cin], c.s, c.pad as 'same')
    const y = up(dy, f)
    const g = tf.tensor(detFloats(y.size, 6), y.shape)
    const [ga, gb] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(up(a, b), g)))([dy, f])
    return [y, ga!, gb!]
  }
}

/** Relative to the result's scale: oneDNN sums in a different order than the cpu backend. */
function relDiff(a: Float32Array, b: Float32Array): number {
  let scale = 1e-6
  for (const v of b) scale = Math.max(scale, Math.abs(v))
  return maxAbsDiff(a, b) / scale
}

const built = loadOneDnn()

describe('native oneDNN kernels on the wasm backend', () => {
  let report: BackendReport
  beforeAll(async () => {
    // two threads, as the training process runs on a 2-core machine: the wasm heap is then a SharedArrayBuffer
    report = await initBackend('wasm', { wasmThreads: 2 })
  })

  it('reports which kernels are in use and why', () => {
    expect(report.kernels).toBeDefined()
    if (built.ok) {
      expect(report.kernels).toMatchObject({ kind: 'native' })
      expect(report.kernels!.label).toMatch(/^native oneDNN \d+\.\d+\.\d+ \(\w+\), \d+ threads?$/)
      expect(report.versions.onednn).toMatch(/^\d+\.\d+\.\d+$/)
    } else {
      expect(report.kernels).toMatchObject({ kind: 'wasm', label: 'wasm SIMD' })
      expect(report.kernels!.reason).toBe(built.reason)
    }
  })

  describe.skipIf(!built.ok)('match the cpu backend', () => {
    for (const c of cases) {
      it(`conv2d and its gradients: ${label(c)}`, async () => {
        const native = await onBackend('wasm', convAndGrads(c))
        const cpu = await onBackend('cpu', convAndGrads(c))
        for (let i = 0; i < 3; i++) expect(relDiff(native[i]!, cpu[i]!)).toBeLessThan(1e-5)
      })
      it(`conv2dTranspose and its gradients: ${label(c)}`, async () => {
        const native = await onBackend('wasm', transposeAndGrads(c))
        const cpu = await onBackend('cpu', transposeAndGrads(c))
        for (let i = 0; i < 3; i++) expect(relDiff(native[i]!, cpu[i]!)).toBeLessThan(1e-5)
      })
    }

    it('matMul, with each operand transposed, batched and at batch 64', async () => {
      const run = () => {
        const a = tf.tensor2d(detFloats(64 * 100, 7), [64, 100])
        const w = tf.tensor2d(detFloats(100 * 48, 8), [100, 48])
        const b3 = tf.tensor3d(detFloats(3 * 5 * 4, 9), [3, 5, 4])
        const c3 = tf.tensor3d(detFloats(3 * 6 * 4, 10), [3, 6, 4])
        return [
          tf.matMul(a, w),
          tf.matMul(a, a, true, false),
          tf.matMul(w, a, true, true),
          tf.matMul(a, tf.transpose(w), false, true),
          tf.matMul(b3, c3, false, true),
        ]
      }
      const native = await onBackend('wasm', run)
      const cpu = await onBackend('cpu', run)
      for (let i = 0; i < native.length; i++) expect(relDiff(native[i]!, cpu[i]!)).toBeLessThan(1e-5)
    })

    it('keeps the previous kernel for what oneDNN is not given (broadcast batch matMul)', async () => {
      const run = () => [
        tf.matMul(tf.tensor3d(detFloats(20, 11), [1, 5, 4]), tf.tensor3d(detFloats(72, 12), [3, 4, 6])),
      ]
      const native = await onBackend('wasm', run)
      const cpu = await onBackend('cpu', run)
      expect(relDiff(native[0]!, cpu[0]!)).toBeLessThan(1e-5)
    })
  })
})
