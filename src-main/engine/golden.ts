/**
 * Reader for the golden PyTorch fixtures written by scripts/golden/make-golden.py (format described
 * there): the config, fixed real batches and noise, the initial weights, and the reference's
 * weights and metrics after a few training steps. Used by golden.test.ts only.
 */
import fs from 'node:fs'
import type { TrainConfig } from './presets'

interface Section {
  offset: number
  encoding: 'bf16' | 'q8-delta' | 'f32'
  scale?: number
}

interface Manifest {
  config: TrainConfig
  steps: number
  metrics: { dLoss: number; gLoss: number; dReal: number; dFake: number }[]
  real: { offset: number; shape: number[] }
  noise: { offset: number; shape: number[] }
  tensors: { name: string; shape: number[]; init: Section; after: Section }[]
}

export interface GoldenTensor {
  name: string
  shape: number[]
  init: Float32Array
  after: Float32Array
  /** largest error the fixture's encoding of `after` allows */
  afterError: number
}

export interface GoldenCase {
  config: TrainConfig
  steps: number
  metrics: Manifest['metrics']
  /** real batches in the order the step consumes them, uint8 NHWC each */
  real: Uint8Array[]
  /** latent batches in the order the step draws them, [batch·zDim] each */
  noise: Float32Array[]
  tensors: GoldenTensor[]
}

const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1)

export function loadGolden(dir: string, name: string): GoldenCase {
  const m = JSON.parse(fs.readFileSync(`${dir}/${name}.json`, 'utf8')) as Manifest
  const bin = fs.readFileSync(`${dir}/${name}.bin`)
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength)
  const f32 = (offset: number, n: number) =>
    Float32Array.from({ length: n }, (_, i) => view.getFloat32(offset + 4 * i, true))
  const bf16 = (offset: number, n: number) => {
    const bits = Uint32Array.from({ length: n }, (_, i) => view.getUint16(offset + 2 * i, true) << 16)
    return new Float32Array(bits.buffer)
  }
  const [batches, ...one] = m.real.shape as [number, ...number[]]
  const perReal = product(one)
  const [zBatches, ...zOne] = m.noise.shape as [number, ...number[]]
  const perNoise = product(zOne)
  const tensors = m.tensors.map((t) => {
    const n = product(t.shape)
    const init = bf16(t.init.offset, n)
    let after: Float32Array
    let afterError = 0
    if (t.after.encoding === 'q8-delta') {
      const scale = t.after.scale!
      after = init.map((v, i) => v + view.getInt8(t.after.offset + i) * scale)
      afterError = scale / 2
    } else {
      after = f32(t.after.offset, n)
    }
    return { name: t.name, shape: t.shape, init, after, afterError }
  })
  return {
    config: m.config,
    steps: m.steps,
    metrics: m.metrics,
    real: Array.from({ length: batches }, (_, k) =>
      bin.subarray(m.real.offset + k * perReal, m.real.offset + (k + 1) * perReal),
    ),
    noise: Array.from({ length: zBatches }, (_, k) => f32(m.noise.offset + 4 * k * perNoise, perNoise)),
    tensors,
  }
}
