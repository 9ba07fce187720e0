/**
 * A fast forward pass for the studio's exported generator (a TF.js layers Sequential model):
 *
 * - every batch norm is folded into the layer before it (eval mode: a per-channel scale and shift);
 * - every 4×4 stride-2 'same' transposed convolution runs as its sub-pixel decomposition: four
 *   ordinary 2×2 stride-1 convolutions (one per output phase) with fused bias and ReLU, interleaved
 *   by two concats. On the wasm backend these hit XNNPACK with filters that stay the same every
 *   frame (its operators are cached per filter), where tfjs' own conv2dTranspose is a scalar loop:
 *   paper-64 at batch 1 took ≈50 ms with model.predict and ≈8 ms this way in Chromium on this machine.
 *
 * The arithmetic equals model.predict up to float rounding (generatorPlan.test.ts). A model with any
 * other layer gets no plan (null) and is run with model.predict instead.
 */
import * as tf from '@tensorflow/tfjs'
import { subPixelPhases } from '../../../src-shared/generator/sub-pixel'

type Activation = 'linear' | 'relu'

type Step =
  | { kind: 'dense'; kernel: tf.Tensor2D; bias: tf.Tensor1D; activation: Activation }
  | { kind: 'reshape'; shape: number[] }
  | {
      kind: 'upsample'
      phases: { filter: tf.Tensor4D; pad: [[0, 0], [number, number], [number, number], [0, 0]] }[]
      bias: tf.Tensor1D
      activation: Activation
    }
  | { kind: 'tanh' }

export interface GeneratorPlan {
  /** G(z) for z [n, zDim]: images [n, size, size, channels] in [-1, 1]. Call inside tf.tidy. */
  forward(z: tf.Tensor2D): tf.Tensor4D
  dispose(): void
}

/** Float arrays of a layer's weights (read once, when the plan is made). */
function weightsOf(layer: tf.layers.Layer): Float32Array[] {
  return layer.getWeights().map((weight) => weight.dataSync() as Float32Array)
}

/**
 * A layer's output channels as scale·x + shift: identity, or a following batch norm folded in
 * (y = γ·(x − μ)/√(σ² + ε) + β).
 */
interface ChannelAffine {
  scale: Float32Array
  shift: Float32Array
}

function identityAffine(channels: number): ChannelAffine {
  return { scale: new Float32Array(channels).fill(1), shift: new Float32Array(channels) }
}

function batchNormAffine(layer: tf.layers.Layer): ChannelAffine | null {
  const config = layer.getConfig() as { epsilon?: number; center?: boolean; scale?: boolean; axis?: number | number[] }
  if (config.center === false || config.scale === false) return null
  const [gamma, beta, mean, variance] = weightsOf(layer)
  if (!gamma || !beta || !mean || !variance) return null
  const epsilon = config.epsilon ?? 1e-3
  const scale = gamma.map((g, c) => g / Math.sqrt(variance[c]! + epsilon))
  return { scale, shift: beta.map((b, c) => b - scale[c]! * mean[c]!) }
}

/** Output row/column phase r of a k4 s2 pad-1 transposed convolution as a 2-tap correlation over the input. */
const PHASES = subPixelPhases(2, 1, 4, 2, 1)!.map(({ taps, padBefore, padAfter }) => ({
  taps,
  pad: [padBefore, padAfter] as [number, number],
}))

/** An optional batch norm at `at`, then an optional ReLU: folded into the layer before them. */
function foldFollowing(
  layers: tf.layers.Layer[],
  at: number,
  channels: number,
): { affine: ChannelAffine; activation: Activation; next: number } | null {
  let next = at
  let affine = identityAffine(channels)
  if (layers[next]?.getClassName() === 'BatchNormalization') {
    const folded = batchNormAffine(layers[next]!)
    if (!folded || folded.scale.length !== channels) return null
    affine = folded
    next++
  }
  const relu = layers[next]?.getClassName() === 'ReLU'
  return { affine, activation: relu ? 'relu' : 'linear', next: relu ? next + 1 : next }
}

/** Compiles the model, or null when it has a layer or setting this plan does not cover. */
export function compileGenerator(model: tf.LayersModel): GeneratorPlan | null {
  const layers = model.layers
  const steps: Step[] = []
  const owned: tf.Tensor[] = []
  const keep = <T extends tf.Tensor>(tensor: T): T => {
    owned.push(tensor)
    return tensor
  }
  const fail = () => {
    tf.dispose(owned)
    return null
  }
  let index = 0
  while (index < layers.length) {
    const layer = layers[index]!
    const className = layer.getClassName()
    if (className === 'Dense') {
      const config = layer.getConfig() as { units: number; activation?: string }
      if (config.activation && config.activation !== 'linear') return fail()
      const [kernel, bias] = weightsOf(layer)
      const units = config.units
      const inputs = kernel!.length / units
      // paper: Dense → Reshape[4, 4, c] → BatchNormalization → ReLU, where unit u is channel u mod c
      const reshape =
        layers[index + 1]?.getClassName() === 'Reshape'
          ? (layers[index + 1]!.getConfig() as { targetShape: number[] }).targetShape
          : null
      const channels = reshape ? reshape.at(-1)! : units
      const fold = foldFollowing(layers, reshape ? index + 2 : index + 1, channels)
      if (!fold) return fail()
      const folded = new Float32Array(kernel!.length)
      const shift = new Float32Array(units)
      for (let unit = 0; unit < units; unit++) {
        const channel = unit % channels
        const scale = fold.affine.scale[channel]!
        for (let row = 0; row < inputs; row++) folded[row * units + unit] = kernel![row * units + unit]! * scale
        shift[unit] = (bias ? bias[unit]! : 0) * scale + fold.affine.shift[channel]!
      }
      steps.push({
        kind: 'dense',
        kernel: keep(tf.tensor2d(folded, [inputs, units])),
        bias: keep(tf.tensor1d(shift)),
        activation: fold.activation,
      })
      if (reshape) steps.push({ kind: 'reshape', shape: [-1, ...reshape] })
      index = fold.next
    } else if (className === 'Conv2DTranspose') {
      const config = layer.getConfig() as {
        kernelSize: number[]
        strides: number[]
        padding: string
        useBias: boolean
        activation?: string
        dataFormat?: string
        dilationRate?: number[]
      }
      const fourByTwo = config.kernelSize.every((k) => k === 4) && config.strides.every((s) => s === 2)
      if (
        !fourByTwo ||
        config.padding !== 'same' ||
        config.useBias ||
        (config.activation && config.activation !== 'linear')
      )
        return fail()
      if (config.dataFormat === 'channelsFirst' || (config.dilationRate ?? [1, 1]).some((d) => d !== 1)) return fail()
      const [kernel] = weightsOf(layer) // [4, 4, out, in]
      const [, , outChannels, inChannels] = layer.getWeights()[0]!.shape as [number, number, number, number]
      const fold = foldFollowing(layers, index + 1, outChannels)
      if (!fold) return fail()
      const phases: Extract<Step, { kind: 'upsample' }>['phases'] = []
      for (const rows of PHASES) {
        for (const cols of PHASES) {
          const filter = new Float32Array(2 * 2 * inChannels * outChannels)
          for (let a = 0; a < 2; a++) {
            for (let b = 0; b < 2; b++) {
              for (let o = 0; o < outChannels; o++) {
                const scale = fold.affine.scale[o]!
                for (let i = 0; i < inChannels; i++) {
                  filter[((a * 2 + b) * inChannels + i) * outChannels + o] =
                    kernel![((rows.taps[a]! * 4 + cols.taps[b]!) * outChannels + o) * inChannels + i]! * scale
                }
              }
            }
          }
          phases.push({
            filter: keep(tf.tensor4d(filter, [2, 2, inChannels, outChannels])),
            pad: [
              [0, 0],
              [rows.pad[0], rows.pad[1]],
              [cols.pad[0], cols.pad[1]],
              [0, 0],
            ],
          })
        }
      }
      steps.push({ kind: 'upsample', phases, bias: keep(tf.tensor1d(fold.affine.shift)), activation: fold.activation })
      index = fold.next
    } else if (className === 'Activation' && (layer.getConfig() as { activation: string }).activation === 'tanh') {
      steps.push({ kind: 'tanh' })
      index++
    } else {
      return fail()
    }
  }

  return {
    forward(z) {
      let x: tf.Tensor = z
      for (const step of steps) {
        if (step.kind === 'dense')
          x = tf.fused.matMul({ a: x as tf.Tensor2D, b: step.kernel, bias: step.bias, activation: step.activation })
        else if (step.kind === 'reshape') x = tf.reshape(x, step.shape)
        else if (step.kind === 'tanh') x = tf.tanh(x)
        else x = upsample(x as tf.Tensor4D, step)
      }
      return x as tf.Tensor4D
    },
    dispose: () => tf.dispose(owned),
  }
}

function upsample(x: tf.Tensor4D, step: Extract<Step, { kind: 'upsample' }>): tf.Tensor4D {
  const [n, height, width] = x.shape
  const channels = step.bias.shape[0]
  const phase = step.phases.map(({ filter, pad }) =>
    tf.fused.conv2d({ x, filter, strides: 1, pad, bias: step.bias, activation: step.activation }),
  )
  // [n, h, w, 2c] → [n, h, 2w, c] interleaves the column phases; the two rows of phases likewise
  const top = tf.reshape(tf.concat([phase[0]!, phase[1]!], 3), [n, height, 2 * width, channels])
  const bottom = tf.reshape(tf.concat([phase[2]!, phase[3]!], 3), [n, height, 2 * width, channels])
  return tf.reshape(tf.concat([top, bottom], 2), [n, 2 * height, 2 * width, channels])
}
