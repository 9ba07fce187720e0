/**
 * Principal directions of a generator's latent space, in the spirit of GANSpace (Härkönen et al.
 * 2020): sample latents z, map them through the generator's first layer, find the principal
 * components of those activations, and regress z on the component scores to get one direction in
 * latent space per component. Moving a latent along direction j mostly moves the first layer's
 * output along its j-th principal axis: the generator's main modes of variation.
 *
 * The large products run on tfjs (N × D activations, D = 8192 for paper-64); the top components come
 * from a randomised subspace iteration with a Rayleigh–Ritz step, so the D×D covariance is never formed.
 */
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs'
import { model as functionalModel } from '@tensorflow/tfjs'
import * as tf from './tf'
import { buildGeneratorModel, type GeneratorWeights } from './export-generator'
import { Rng } from '../../src-shared/rng'
import { orthonormalizeRows, symmetricEigen } from './small-linalg'

export const DIRECTION_SAMPLES = 2000
/** extra components carried through the subspace iteration beyond those asked for */
const OVERSAMPLE = 10
const SUBSPACE_ITERATIONS = 8
/** RNG stream of the analysis' latents (training and previews use others) */
const DIRECTIONS_STREAM = 41

export interface Direction {
  /** unit vector in latent space */
  vector: Float32Array
  /** share of the activations' total variance along the matching principal axis */
  explainedVariance: number
  /** standard deviation of the sampled latents' projections onto `vector` */
  sigma: number
}

/** The name of the layer whose output is "the first layer": after its normalisation and ReLU when it has them. */
function firstLayerName(arch: GeneratorWeights['config']['arch']): string {
  return arch === 'paper' ? 'relu0' : 'fc'
}

/** The eval-mode generator cut after its first layer; `dispose` frees its weights. */
export function firstLayerOf(weights: GeneratorWeights): { model: LayersModel; dispose: () => void } {
  const generator = buildGeneratorModel(weights)
  const output = generator.getLayer(firstLayerName(weights.config.arch)).output as SymbolicTensor
  return { model: functionalModel({ inputs: generator.inputs, outputs: output }), dispose: () => generator.dispose() }
}

export function sampleLatents(n: number, zDim: number, seed = 0): Float32Array {
  return new Rng(seed, DIRECTIONS_STREAM).fillNormal(new Float32Array(n * zDim))
}

/** Directions of a generator: `samples` latents through its first layer, `count` components. */
export function generatorDirections(
  weights: GeneratorWeights,
  count: number,
  samples = DIRECTION_SAMPLES,
): Direction[] {
  const { zDim } = weights.config
  const z = sampleLatents(samples, zDim)
  const first = firstLayerOf(weights)
  try {
    const activations = tf.tidy(() => {
      const out = first.model.predict(tf.tensor2d(z, [samples, zDim])) as tf.Tensor
      return tf.reshape(out, [samples, -1]) as tf.Tensor2D
    })
    try {
      return principalDirections(z, zDim, activations, count)
    } finally {
      activations.dispose()
    }
  } finally {
    first.dispose()
  }
}

/**
 * The GANSpace directions for latents `z` (n·zDim values) and their first-layer `activations` [n, D]:
 * up to `count` unit vectors in latent space, orthonormal, in order of explained variance. Fewer come
 * back when the activations have fewer independent components.
 */
export function principalDirections(
  z: Float32Array,
  zDim: number,
  activations: tf.Tensor2D,
  count: number,
): Direction[] {
  const [n, width] = activations.shape
  if (z.length !== n * zDim) throw new Error(`${z.length} latent values for ${n} activation rows of zDim ${zDim}`)
  if (n < 2) throw new Error('principal directions need at least two samples')
  const wanted = Math.min(count, zDim, width, n - 1)
  const rank = Math.min(wanted + OVERSAMPLE, width, n)
  const { scores, variances, total } = topComponents(activations, rank)
  const centeredZ = centerColumns(z, n, zDim)

  // Least squares of z on the (mutually orthogonal) component scores: one regression per component.
  const vectors = new Float64Array(wanted * zDim)
  for (let j = 0; j < wanted; j++) {
    let scoreSquares = 0
    for (let i = 0; i < n; i++) scoreSquares += scores[i * rank + j]! ** 2
    for (let i = 0; i < n; i++) {
      const weight = scores[i * rank + j]! / scoreSquares
      for (let d = 0; d < zDim; d++) vectors[j * zDim + d]! += weight * centeredZ[i * zDim + d]!
    }
  }
  const kept = orthonormalizeRows(vectors, wanted, zDim)
  const directions: Direction[] = []
  for (let j = 0; j < wanted; j++) {
    if (!kept[j]) continue
    const vector = Float32Array.from(vectors.subarray(j * zDim, (j + 1) * zDim))
    orientPositive(vector)
    directions.push({
      vector,
      explainedVariance: total > 0 ? variances[j]! / total : 0,
      sigma: projectionSpread(centeredZ, n, zDim, vector),
    })
  }
  return directions
}

/**
 * The scores [n, rank] of the centred activations on their top `rank` principal axes (mutually
 * orthogonal columns), the variance along each axis, and the total variance.
 */
function topComponents(
  activations: tf.Tensor2D,
  rank: number,
): { scores: Float64Array; variances: Float64Array; total: number } {
  const [n, width] = activations.shape
  const centered = tf.tidy(() => tf.sub(activations, tf.mean(activations, 0)))
  try {
    const total = tf.tidy(() => tf.sum(tf.square(centered)).dataSync()[0]! / (n - 1))
    let basis = new Rng(1, DIRECTIONS_STREAM).fillNormal(new Float32Array(rank * width))
    for (let iteration = 0; iteration <= SUBSPACE_ITERATIONS; iteration++) {
      const rows = Float64Array.from(basis)
      orthonormalizeRows(rows, rank, width)
      basis = Float32Array.from(rows)
      if (iteration === SUBSPACE_ITERATIONS) break
      basis = tf.tidy(() => {
        const q = tf.tensor2d(basis, [rank, width])
        const projected = tf.matMul(centered, q, false, true) // [n, rank]
        return tf.matMul(projected, centered, true, false).dataSync() as Float32Array // [rank, width]
      })
    }
    // Rayleigh–Ritz: the covariance restricted to the subspace, diagonalised.
    const projected = tf.tidy(
      () => tf.matMul(centered, tf.tensor2d(basis, [rank, width]), false, true).dataSync() as Float32Array,
    )
    const small = new Float64Array(rank * rank)
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < rank; a++) {
        const pa = projected[i * rank + a]!
        for (let b = a; b < rank; b++) small[a * rank + b]! += pa * projected[i * rank + b]!
      }
    }
    for (let a = 0; a < rank; a++) {
      for (let b = a; b < rank; b++) small[b * rank + a] = small[a * rank + b]! /= n - 1
    }
    const { values, vectors } = symmetricEigen(small, rank)
    const scores = new Float64Array(n * rank)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < rank; j++) {
        let score = 0
        for (let a = 0; a < rank; a++) score += projected[i * rank + a]! * vectors[j * rank + a]!
        scores[i * rank + j] = score
      }
    }
    return { scores, variances: values.map((value) => Math.max(value, 0)), total }
  } finally {
    centered.dispose()
  }
}

function centerColumns(values: Float32Array, rows: number, cols: number): Float64Array {
  const mean = new Float64Array(cols)
  for (let i = 0; i < rows * cols; i++) mean[i % cols]! += values[i]! / rows
  return Float64Array.from(values, (value, i) => value - mean[i % cols]!)
}

function projectionSpread(centered: Float64Array, rows: number, cols: number, vector: Float32Array): number {
  let squares = 0
  for (let i = 0; i < rows; i++) {
    let projection = 0
    for (let d = 0; d < cols; d++) projection += centered[i * cols + d]! * vector[d]!
    squares += projection * projection
  }
  return Math.sqrt(squares / (rows - 1))
}

/** A principal direction's sign is arbitrary: make its largest component positive so it is stable. */
function orientPositive(vector: Float32Array): void {
  let largest = 0
  for (const value of vector) if (Math.abs(value) > Math.abs(largest)) largest = value
  if (largest < 0) for (let d = 0; d < vector.length; d++) vector[d] = -vector[d]!
}
