import { describe, expect, it } from 'vitest'
import * as tf from './tf'
import { initBackend } from './backends'
import { ADA, augmentModeOf, diffAugment, drawAugment, initialAugmentState, nextAugmentState } from './diff-augment'
import type { AugmentDraw, AugmentMode } from './diff-augment'
import { Rng } from '../../src-shared/rng'
import { detFloats } from './test-helpers'

const S = 8

function plainDraw(n: number, edit: Partial<AugmentDraw>): AugmentDraw {
  return {
    n,
    size: S,
    brightness: new Float32Array(n),
    saturation: new Float32Array(n).fill(1),
    contrast: new Float32Array(n).fill(1),
    shiftY: new Int32Array(n),
    shiftX: new Int32Array(n),
    keep: new Float32Array(n * S * S).fill(1),
    ...edit,
  }
}

describe('DiffAugment', () => {
  it('draws nothing at p = 0: the batch and the random stream are untouched', async () => {
    await initBackend('cpu')
    const rng = new Rng(5)
    const before = rng.getState()
    expect(drawAugment(rng, 4, S, 0)).toBeNull()
    expect(rng.getState()).toEqual(before)
    const x = tf.zeros([4, S, S, 3]) as tf.Tensor4D
    expect(diffAugment(x, null)).toBe(x)
    x.dispose()
  })

  it('is deterministic for a seed and applies each transform with probability p', () => {
    const a = drawAugment(new Rng(1), 400, S, 0.3)!
    expect(drawAugment(new Rng(1), 400, S, 0.3)).toEqual(a)
    const share = (flags: boolean[]) => flags.filter(Boolean).length / flags.length
    expect(share(Array.from(a.brightness, (b) => b !== 0))).toBeCloseTo(0.3, 1)
    expect(share(Array.from(a.shiftY, (s, k) => s !== 0 || a.shiftX[k] !== 0))).toBeGreaterThan(0.2)
    const cut = Array.from({ length: 400 }, (_, k) => a.keep.subarray(k * S * S, (k + 1) * S * S).includes(0))
    expect(share(cut)).toBeCloseTo(0.3, 1)
    // a cut is at most half the side square
    for (let k = 0; k < 400; k++)
      expect(a.keep.subarray(k * S * S, (k + 1) * S * S).filter((v) => v === 0).length).toBeLessThanOrEqual(
        (S / 2) ** 2,
      )
  })

  for (const backend of ['cpu', 'wasm']) {
    it(`translates with zero fill, cuts out, shifts colour, and passes gradients (${backend})`, async () => {
      await initBackend(backend as 'cpu' | 'wasm')
      const n = 2
      const data = detFloats(n * S * S * 3, 7)
      const keep = new Float32Array(n * S * S).fill(1)
      keep.fill(0, S * S + 3 * S, S * S + 3 * S + 4) // image 1, row 3, columns 0..3
      const draw = plainDraw(n, {
        shiftY: Int32Array.of(2, 0),
        shiftX: Int32Array.of(-1, 0),
        keep,
        brightness: Float32Array.of(0, 0.25),
      })
      const x = tf.tensor4d(data, [n, S, S, 3])
      const out = (await tf.tidy(() => diffAugment(x, draw)).data()) as Float32Array
      const at = (a: ArrayLike<number>, k: number, y: number, xx: number, c: number) =>
        a[((k * S + y) * S + xx) * 3 + c]!
      for (let y = 0; y < S; y++) {
        for (let xx = 0; xx < S; xx++) {
          const inside = y + 2 < S && xx - 1 >= 0
          expect(at(out, 0, y, xx, 1)).toBeCloseTo(inside ? at(data, 0, y + 2, xx - 1, 1) : 0, 5)
          const cutHere = y === 3 && xx < 4
          expect(at(out, 1, y, xx, 2)).toBeCloseTo(cutHere ? 0 : at(data, 1, y, xx, 2) + 0.25, 5)
        }
      }
      const grad = tf.grad((v: tf.Tensor) => tf.sum(diffAugment(v as tf.Tensor4D, drawAugment(new Rng(3), n, S, 1))))(x)
      const g = (await grad.data()) as Float32Array
      expect(g.every(Number.isFinite)).toBe(true)
      expect(g.some((v) => v !== 0)).toBe(true)
      tf.dispose([x, grad])
    })
  }
})

describe('adaptive augmentation strength', () => {
  const adaptive: AugmentMode = { kind: 'adaptive' }
  const run = (mode: AugmentMode, sign: number, steps: number) => {
    let s = initialAugmentState(mode)
    for (let i = 0; i < steps; i++) s = nextAugmentState(mode, s, sign, 64)
    return s
  }

  it('starts at 0, rises while D is sure of the real photos (r above the target), falls back below it, within [0, 1]', () => {
    expect(initialAugmentState(adaptive).p).toBe(0)
    const up = run(adaptive, 1, 400)
    expect(up.p).toBeCloseTo((400 * 64) / ADA.speedImages, 6)
    expect(run(adaptive, 0.2, 400).p).toBe(0)
    let s = up
    for (let i = 0; i < 200; i++) s = nextAugmentState(adaptive, s, 0, 64)
    expect(s.p).toBeCloseTo(up.p - (200 * 64) / ADA.speedImages, 6)
    expect(run(adaptive, 1, 10_000).p).toBe(1)
  })

  it('stays put when off or fixed', () => {
    expect(run({ kind: 'off' }, 1, 100).p).toBe(0)
    expect(run({ kind: 'fixed', p: 0.3 }, 1, 100).p).toBe(0.3)
  })
})

describe('augmentation setting', () => {
  it("'auto' is adaptive for BCE on fewer than 2,000 photos and off otherwise; the rest mean what they say", () => {
    const c = { augment: 'auto', augmentP: 0.3, loss: 'bce' } as const
    expect(augmentModeOf(c, 435)).toEqual({ kind: 'adaptive' })
    expect(augmentModeOf(c, 10_000)).toEqual({ kind: 'off' })
    expect(augmentModeOf({ ...c, loss: 'wgan' }, 435)).toEqual({ kind: 'off' })
    expect(augmentModeOf({ ...c, augment: 'fixed' }, 10_000)).toEqual({ kind: 'fixed', p: 0.3 })
    expect(augmentModeOf({ ...c, augment: 'off' }, 435)).toEqual({ kind: 'off' })
    expect(augmentModeOf({ ...c, augment: 'adaptive' }, 10_000)).toEqual({ kind: 'adaptive' })
  })
})
