import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from '../tf'
import { initBackend } from '../backends'
import { subPixelPhases } from '../../../src-shared/generator/sub-pixel'
import { detFloats, maxAbsDiff, onBackend } from '../test-helpers'

type Pad = 'same' | 'valid' | number

const cases: { x: [number, number, number, number]; k: number; cout: number; s: number; pad: Pad }[] = [
  { x: [2, 8, 8, 3], k: 4, cout: 5, s: 2, pad: 1 }, // PyTorch k4 s2 p1
  { x: [3, 16, 16, 4], k: 4, cout: 6, s: 2, pad: 1 },
  { x: [2, 8, 8, 3], k: 4, cout: 5, s: 2, pad: 'same' },
  { x: [2, 9, 9, 3], k: 3, cout: 4, s: 2, pad: 'valid' },
  { x: [2, 7, 7, 2], k: 3, cout: 3, s: 1, pad: 'same' },
  { x: [2, 6, 6, 2], k: 4, cout: 3, s: 1, pad: 'valid' },
  { x: [2, 4, 4, 8], k: 4, cout: 1, s: 1, pad: 0 }, // paper-64 D's last layer
  { x: [1, 10, 10, 2], k: 5, cout: 2, s: 2, pad: 2 },
]

function convGrads(c: (typeof cases)[number]) {
  const [n, h, w, cin] = c.x
  const xs = detFloats(n * h * w * cin, 1)
  const ws = detFloats(c.k * c.k * cin * c.cout, 2)
  return () => {
    const x = tf.tensor4d(xs, c.x)
    const f = tf.tensor4d(ws, [c.k, c.k, cin, c.cout])
    const y = tf.conv2d(x, f, c.s, c.pad)
    const dy = tf.tensor(detFloats(y.size, 3), y.shape)
    const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad), dy)),
    )([x, f])
    return [y, gx!, gf!]
  }
}

function transposeConv(c: (typeof cases)[number]) {
  // conv2dTranspose mapping the conv's output shape back to its input shape, and its gradients
  const [n, h, w, cin] = c.x
  return () => {
    const probe = tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros([c.k, c.k, cin, c.cout]) as tf.Tensor4D, c.s, c.pad)
    const [, oh, ow] = probe.shape
    const dyv = tf.tensor4d(detFloats(n * oh * ow * c.cout, 4), [n, oh, ow, c.cout])
    const f = tf.tensor4d(detFloats(c.k * c.k * cin * c.cout, 5), [c.k, c.k, cin, c.cout])
    const up = (a: tf.Tensor, b: tf.Tensor) =>
      tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [n, h, w, cin], c.s, c.pad)
    const y = up(dyv, f)
    const g = tf.tensor(detFloats(y.size, 6), y.shape)
    const [ga, gb] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(up(a, b), g)))([dyv, f])
    return [y, ga!, gb!]
  }
}

describe('wasm convolution gradient kernels', () => {
  beforeAll(async () => {
    process.env.DCGAN_NATIVE = '0' // these are the fallback kernels: keep the native ones out of the way
    await initBackend('wasm')
  })

  it('registers Conv2DBackpropFilter on wasm', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined()
  })

  for (const c of cases) {
    it(`conv2d grads match cpu: x ${c.x.join('×')} k${c.k} s${c.s} pad ${c.pad}`, async () => {
      const wasm = await onBackend('wasm', convGrads(c))
      const cpu = await onBackend('cpu', convGrads(c))
      for (let i = 0; i < 3; i++) expect(maxAbsDiff(wasm[i]!, cpu[i]!)).toBeLessThan(1e-4)
    })
    it(`conv2dTranspose and its grads match cpu: x ${c.x.join('×')} k${c.k} s${c.s} pad ${c.pad}`, async () => {
      const wasm = await onBackend('wasm', transposeConv(c))
      const cpu = await onBackend('cpu', transposeConv(c))
      for (let i = 0; i < 3; i++) expect(maxAbsDiff(wasm[i]!, cpu[i]!)).toBeLessThan(1e-4)
    })
  }

  it('matMul with transposed operands matches cpu', async () => {
    const run = () => {
      const a = tf.tensor2d(detFloats(6 * 5, 7), [6, 5])
      const b = tf.tensor2d(detFloats(6 * 4, 8), [6, 4])
      return [
        tf.matMul(a, b, true, false),
        tf.matMul(b, a, true, false),
        tf.matMul(a, tf.tensor2d(detFloats(20, 9), [4, 5]), false, true),
      ]
    }
    const wasm = await onBackend('wasm', run)
    const cpu = await onBackend('cpu', run)
    for (let i = 0; i < 3; i++) expect(maxAbsDiff(wasm[i]!, cpu[i]!)).toBeLessThan(1e-5)
  })

  it('plans the PyTorch k4 s2 p1 transposed conv as four 2×2 phases', () => {
    expect(subPixelPhases(8, 4, 4, 2, 1)).toEqual([
      { taps: [3, 1], padBefore: 1, padAfter: 0 },
      { taps: [2, 0], padBefore: 0, padAfter: 1 },
    ])
  })
})
