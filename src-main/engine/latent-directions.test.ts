import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from './tf'
import { initBackend } from './backends'
import { randomDataset } from './dataset'
import { generatorWeightsOf } from './export-generator'
import { firstLayerOf, generatorDirections, principalDirections, sampleLatents } from './latent-directions'
import { preset } from './presets'
import { Rng } from '../../src-shared/rng'
import { symmetricEigen } from './small-linalg'
import { Trainer } from './trainer'

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((sum, value, index) => sum + value * b[index]!, 0)

function expectOrthonormal(vectors: Float32Array[]) {
  for (let i = 0; i < vectors.length; i++) {
    for (let j = 0; j < vectors.length; j++) expect(dot(vectors[i]!, vectors[j]!)).toBeCloseTo(i === j ? 1 : 0, 5)
  }
}

function unit(values: number[]): Float32Array {
  const length = Math.hypot(...values)
  return Float32Array.from(values, (value) => value / length)
}

beforeAll(async () => {
  await initBackend('cpu')
})

describe('symmetricEigen', () => {
  it('diagonalises a symmetric matrix: A·v = λ·v, eigenvalues descending, vectors orthonormal', () => {
    const n = 7
    const rng = new Rng(5)
    const m = new Float64Array(n * n)
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) m[i * n + j] = m[j * n + i] = rng.uniform() * 2 - 1
    const { values, vectors } = symmetricEigen(m, n)
    for (let k = 0; k < n; k++) {
      const v = vectors.subarray(k * n, (k + 1) * n)
      for (let i = 0; i < n; i++) {
        let av = 0
        for (let j = 0; j < n; j++) av += m[i * n + j]! * v[j]!
        expect(av).toBeCloseTo(values[k]! * v[i]!, 9)
      }
      if (k > 0) expect(values[k]!).toBeLessThanOrEqual(values[k - 1]!)
      for (let l = 0; l < n; l++) expect(dot(v, vectors.subarray(l * n, (l + 1) * n))).toBeCloseTo(k === l ? 1 : 0, 9)
    }
  })
})

describe('principalDirections', () => {
  it('recovers the dominant latent directions of a synthetic linear first layer', () => {
    const zDim = 8
    const width = 12
    const n = 2000
    // W = 10·a bᵀ + 3·c dᵀ + small noise: latents along a move the activations most, then c.
    const a = unit([1, 2, 0, -1, 0, 0.5, 0, 1])
    const c = unit([0, 1, 1, 0, 3, 0, 2, -2]) // orthogonal to a
    expect(dot(a, c)).toBeCloseTo(0, 6)
    const b = unit(Array.from({ length: width }, (_, i) => Math.cos(i)))
    const d = unit(Array.from({ length: width }, (_, i) => Math.sin(2 * i + 1)))
    const noise = new Rng(9).fillNormal(new Float32Array(zDim * width), 0, 0.1)
    const w = Float32Array.from({ length: zDim * width }, (_, k) => {
      const [i, j] = [Math.floor(k / width), k % width]
      return 10 * a[i]! * b[j]! + 3 * c[i]! * d[j]! + noise[k]!
    })
    const z = sampleLatents(n, zDim, 3)
    const activations = tf.tidy(() =>
      tf.matMul(tf.tensor2d(z, [n, zDim]), tf.tensor2d(w, [zDim, width])),
    ) as tf.Tensor2D

    const directions = principalDirections(z, zDim, activations, 5)
    activations.dispose()
    expect(directions).toHaveLength(5)
    expect(Math.abs(dot(directions[0]!.vector, a))).toBeGreaterThan(0.99)
    expect(Math.abs(dot(directions[1]!.vector, c))).toBeGreaterThan(0.98)
    expectOrthonormal(directions.map((direction) => direction.vector))
    expect(directions[0]!.explainedVariance).toBeGreaterThan(0.85)
    expect(directions[1]!.explainedVariance).toBeGreaterThan(0.05)
    for (let j = 1; j < directions.length; j++)
      expect(directions[j]!.explainedVariance).toBeLessThanOrEqual(directions[j - 1]!.explainedVariance)
    // unit directions of standard normal latents: a spread of about 1
    for (const direction of directions) expect(direction.sigma).toBeGreaterThan(0.9)
    for (const direction of directions) expect(direction.sigma).toBeLessThan(1.1)
  })

  it('returns no more directions than the latent space has', () => {
    const z = sampleLatents(50, 3, 1)
    const activations = tf.tensor2d(
      Float32Array.from({ length: 50 * 6 }, (_, k) => z[Math.floor(k / 6) * 3 + (k % 3)]! * (k % 6)),
      [50, 6],
    )
    const directions = principalDirections(z, 3, activations, 10)
    activations.dispose()
    expect(directions.length).toBeLessThanOrEqual(3)
    expectOrthonormal(directions.map((direction) => direction.vector))
  })

  it('refuses latents that do not match the activations', () => {
    const activations = tf.zeros([4, 3]) as tf.Tensor2D
    expect(() => principalDirections(new Float32Array(10), 2, activations, 1)).toThrow(
      /10 latent values for 4 activation rows/,
    )
    activations.dispose()
  })
})

describe('generatorDirections', () => {
  for (const [label, overrides] of [
    ['compact', { batchSize: 4, seed: 2 }],
    ['paper (dense → BN → ReLU)', { arch: 'paper', imageSize: 16, baseChannels: 4, zDim: 12, batchSize: 4, seed: 3 }],
  ] as const) {
    it(`${label}: orthonormal, deterministic, and the top direction moves the first layer more than the last`, async () => {
      const config = preset('quick', overrides)
      const trainer = new Trainer(config, randomDataset(8, config.imageSize, config.channels, 4))
      await trainer.step()
      const weights = await generatorWeightsOf(trainer)
      trainer.dispose()

      const directions = generatorDirections(weights, 6, 400)
      expect(directions).toHaveLength(6)
      expectOrthonormal(directions.map((direction) => direction.vector))
      const again = generatorDirections(weights, 6, 400)
      expect(Array.from(again[0]!.vector)).toEqual(Array.from(directions[0]!.vector))

      const first = firstLayerOf(weights)
      const n = 64
      const z = sampleLatents(n, config.zDim, 77)
      const movement = (vector: Float32Array) =>
        tf.tidy(() => {
          const base = tf.tensor2d(z, [n, config.zDim])
          const moved = tf.add(base, tf.mul(tf.tensor2d(vector, [1, config.zDim]), 2))
          const delta = tf.sub(first.model.predict(moved) as tf.Tensor, first.model.predict(base) as tf.Tensor)
          return tf.mean(tf.square(delta)).dataSync()[0]!
        })
      expect(movement(directions[0]!.vector)).toBeGreaterThan(movement(directions.at(-1)!.vector))
      first.dispose()
    })
  }
})
