/**
 * DCGAN architectures as pure tfjs builders (NHWC), matching the PyTorch peer
 * (the reference training script, peer/dcgan_train.py in the shared folder beside a checkout):
 *
 * - 'compact' (compact-32 at 32px, conv_dim 32): G = Linear(z, 4cd·4·4, bias) → 4×4 →
 *   [ConvT k4 s2 p1 → BN → ReLU]… → ConvT k4 s2 p1 → tanh;
 *   D = Conv k4 s2 p1 → LReLU(0.2), [Conv k4 s2 p1 → BN → LReLU(0.2)]… → Linear(·, 1, bias).
 * - 'paper' (paper-64 at 64px, 64 base channels): G = ConvT(z, 8ngf, k4 s1 p0) on the 1×1 latent
 *   (written as the equivalent dense layer) → BN → ReLU → [ConvT k4 s2 p1 → BN → ReLU]… → ConvT → tanh;
 *   D = Conv k4 s2 p1 → LReLU, [Conv → BN → LReLU]…, Conv(8ndf, 1, k4 s1 p0) on the 4×4 map
 *   (written as the equivalent dense layer, no bias).
 *
 * Layer counts follow the image size (log2(size) − 2 up/down-sampling layers), so the presets'
 * sizes give exactly the peer's models. Conv/ConvT have no bias; weights ~ N(0, 0.02),
 * BN γ ~ N(1, 0.02), β = 0, Linear bias ~ U(±1/√fan_in) (PyTorch's default, the peer keeps it).
 *
 * PyTorch k4 s2 p1 (transposed) convolutions are tfjs conv2d / conv2dTranspose with stride 2 and
 * explicit pad 1: the same correlation arithmetic (tested against a direct loop implementation of
 * PyTorch's definition in models.test.ts). Filters are [kh, kw, in, out] for conv and
 * [kh, kw, out, in] for conv2dTranspose (the tfjs conventions).
 */
import * as tf from './tf'
import type { Rng } from '../../src-shared/rng'
import { batchNormAct, leakyRelu } from './layers'
import type { Activation } from './layers'
import { generatorChannels as gChannels, generatorTensors, samplingLayers } from '../../src-shared/generator/spec'

export type Arch = 'compact' | 'paper'

export interface ModelConfig {
  arch: Arch
  imageSize: number
  channels: 1 | 3
  zDim: number
  /** conv_dim (compact) / ngf = ndf (paper) */
  baseChannels: number
}

export const BN_EPS = 1e-5
export const BN_MOMENTUM = 0.1
export const LEAKY_SLOPE = 0.2

export { samplingLayers }

export interface NamedVariable {
  name: string
  v: tf.Variable
}

export interface Network {
  kind: 'generator' | 'discriminator'
  config: ModelConfig
  /** trainable parameters, in a fixed order (checkpoints rely on it) */
  params: NamedVariable[]
  /** non-trainable state: BN running mean/var (generator only; used in eval mode) */
  buffers: NamedVariable[]
}

type Init =
  | { kind: 'normal'; mean: number; std: number }
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'uniform'; bound: number }

interface Builder {
  params: NamedVariable[]
  buffers: NamedVariable[]
  add(name: string, shape: number[], init: Init, trainable?: boolean): tf.Variable
}

/**
 * A variable holding `init`'s values; `init` itself is disposed (tf.variable keeps its data alive but
 * leaves the tensor to the caller, and an undisposed initial value is a leak per parameter).
 */
export function variableOf(init: tf.Tensor, trainable: boolean, name?: string): tf.Variable {
  try {
    return tf.variable(init, trainable, name)
  } finally {
    init.dispose()
  }
}

function builder(prefix: string, rng: Rng): Builder {
  const params: NamedVariable[] = []
  const buffers: NamedVariable[] = []
  return {
    params,
    buffers,
    add(name, shape, init, trainable = true) {
      const size = shape.reduce((a, b) => a * b, 1)
      const data = new Float32Array(size)
      if (init.kind === 'normal') rng.fillNormal(data, init.mean, init.std)
      else if (init.kind === 'ones') data.fill(1)
      else if (init.kind === 'uniform') rng.fillUniform(data, -init.bound, init.bound)
      const full = `${prefix}.${name}`
      const v = variableOf(tf.tensor(data, shape, 'float32'), trainable, `${full}#${nextId++}`)
      ;(trainable ? params : buffers).push({ name: full, v })
      return v
    },
  }
}
let nextId = 0

const W_INIT: Init = { kind: 'normal', mean: 0, std: 0.02 }
const GAMMA_INIT: Init = { kind: 'normal', mean: 1, std: 0.02 }

/** Channel count after discriminator conv j (j = 0 is the first conv). */
function dChannels(cfg: ModelConfig, j: number): number {
  return cfg.baseChannels * 2 ** j
}

/** The initialisation of a generator tensor, by its kind (the part of its name after the layer). */
function generatorInit(name: string, cfg: ModelConfig): Init {
  const kind = name.slice(name.lastIndexOf('.') + 1)
  if (kind === 'w') return W_INIT
  if (kind === 'gamma') return GAMMA_INIT
  if (kind === 'var') return { kind: 'ones' }
  if (name === 'g.fc.b') return { kind: 'uniform', bound: 1 / Math.sqrt(cfg.zDim) }
  return { kind: 'zeros' }
}

export function buildGenerator(cfg: ModelConfig, rng: Rng): Network {
  const b = builder('g', rng)
  for (const t of generatorTensors(cfg)) b.add(t.name.slice(2), t.shape, generatorInit(t.name, cfg), !t.buffer)
  return { kind: 'generator', config: cfg, params: b.params, buffers: b.buffers }
}

export function buildDiscriminator(cfg: ModelConfig, rng: Rng): Network {
  const L = samplingLayers(cfg.imageSize)
  const b = builder('d', rng)
  for (let j = 0; j < L; j++) {
    const cin = j === 0 ? cfg.channels : dChannels(cfg, j - 1)
    b.add(`conv${j}.w`, [4, 4, cin, dChannels(cfg, j)], W_INIT)
    if (j > 0) {
      b.add(`bn${j}.gamma`, [dChannels(cfg, j)], GAMMA_INIT)
      b.add(`bn${j}.beta`, [dChannels(cfg, j)], { kind: 'zeros' })
    }
  }
  const flat = 16 * dChannels(cfg, L - 1)
  b.add('fc.w', [flat, 1], W_INIT)
  if (cfg.arch === 'compact') b.add('fc.b', [1], { kind: 'uniform', bound: 1 / Math.sqrt(flat) })
  return { kind: 'discriminator', config: cfg, params: b.params, buffers: b.buffers }
}

function lookup(net: Network): (name: string) => tf.Variable {
  const m = new Map<string, tf.Variable>()
  for (const p of [...net.params, ...net.buffers]) m.set(p.name, p.v)
  return (name) => {
    const v = m.get(name)
    if (!v) throw new Error(`missing parameter ${name}`)
    return v
  }
}

export interface ForwardOptions {
  /** BN uses batch statistics (PyTorch train mode). Default true. */
  training?: boolean
  /** In training mode, also update the BN running statistics (PyTorch momentum 0.1, unbiased var). */
  updateRunningStats?: boolean
  /** the running statistics' momentum when they are updated (default BN_MOMENTUM; 1 replaces them by this batch's) */
  statsMomentum?: number
}

function batchNorm(
  x: tf.Tensor4D,
  get: (n: string) => tf.Variable,
  name: string,
  opts: ForwardOptions,
  act: Activation,
): tf.Tensor4D {
  const gamma = get(`${name}.gamma`) as tf.Tensor1D
  const beta = get(`${name}.beta`) as tf.Tensor1D
  if (opts.training === false) {
    const y = tf.batchNorm4d(
      x,
      get(`${name}.mean`) as tf.Tensor1D,
      get(`${name}.var`) as tf.Tensor1D,
      beta,
      gamma,
      BN_EPS,
    )
    return act === 'relu' ? tf.relu(y) : act === 'lrelu' ? tf.leakyRelu(y, LEAKY_SLOPE) : y
  }
  if (opts.updateRunningStats) {
    const n = x.shape[0] * x.shape[1] * x.shape[2]
    const rm = get(`${name}.mean`)
    const rv = get(`${name}.var`)
    const m = opts.statsMomentum ?? BN_MOMENTUM
    tf.tidy(() => {
      const { mean, variance } = tf.moments(x, [0, 1, 2])
      rm.assign(tf.add(tf.mul(rm, 1 - m), tf.mul(mean, m)))
      rv.assign(tf.add(tf.mul(rv, 1 - m), tf.mul(variance, (m * n) / Math.max(n - 1, 1))))
    })
  }
  return batchNormAct(x, gamma, beta, BN_EPS, act, LEAKY_SLOPE)
}

/** G(z): [N, zDim] → images in [-1, 1], [N, size, size, channels]. */
export function generatorForward(g: Network, z: tf.Tensor2D, opts: ForwardOptions = {}): tf.Tensor4D {
  const o = { training: true, ...opts }
  const cfg = g.config
  const get = lookup(g)
  const L = samplingLayers(cfg.imageSize)
  const n = z.shape[0]
  const c0 = gChannels(cfg, 0)
  let x: tf.Tensor4D
  if (cfg.arch === 'compact') {
    x = tf.reshape(tf.add(tf.matMul(z, get('g.fc.w')), get('g.fc.b')), [n, 4, 4, c0])
  } else {
    x = tf.reshape(tf.matMul(z, get('g.fc.w')), [n, 4, 4, c0])
    x = batchNorm(x, get, 'g.bn0', o, 'relu')
  }
  for (let i = 1; i <= L; i++) {
    const s = 4 * 2 ** i
    x = tf.conv2dTranspose(x, get(`g.up${i}.w`) as tf.Tensor4D, [n, s, s, gChannels(cfg, i)], 2, 1)
    x = i < L ? batchNorm(x, get, `g.bn${i}`, o, 'relu') : tf.tanh(x)
  }
  return x
}

/** D(x): images [N, size, size, channels] in [-1, 1] → logits [N] (raw critic scores for WGAN). */
export function discriminatorForward(d: Network, img: tf.Tensor4D): tf.Tensor1D {
  const cfg = d.config
  const get = lookup(d)
  const L = samplingLayers(cfg.imageSize)
  let x = img
  for (let j = 0; j < L; j++) {
    x = tf.conv2d(x, get(`d.conv${j}.w`) as tf.Tensor4D, 2, 1)
    x = j > 0 ? batchNorm(x, get, `d.bn${j}`, { training: true }, 'lrelu') : leakyRelu(x, LEAKY_SLOPE)
  }
  const flat = tf.reshape(x, [x.shape[0], -1])
  let y = tf.matMul(flat, get('d.fc.w'))
  if (cfg.arch === 'compact') y = tf.add(y, get('d.fc.b'))
  return tf.reshape(y, [-1])
}

export function countParams(net: Network): number {
  return net.params.reduce((a, p) => a + p.v.size, 0)
}

export function disposeNetwork(net: Network): void {
  for (const p of [...net.params, ...net.buffers]) p.v.dispose()
}

/**
 * Images from latents (length n·zDim) as uint8 NHWC n×size×size×channels, G in eval mode unless
 * `training` (BN running statistics, as the peer's samples: ((x + 1) · 127.5).clamp(0, 255)).
 * `onChunk` reports progress and may throw (e.g. on abort) between chunks.
 */
export async function generateImages(
  g: Network,
  latents: Float32Array,
  opts: { training?: boolean; chunk?: number; onChunk?: (done: number, total: number) => void } = {},
): Promise<Uint8Array> {
  const c = g.config
  if (latents.length % c.zDim !== 0)
    throw new Error(`latents length ${latents.length} is not a multiple of zDim ${c.zDim}`)
  const n = latents.length / c.zDim
  const per = c.imageSize * c.imageSize * c.channels
  const out = new Uint8Array(n * per)
  const chunk = Math.max(1, opts.chunk ?? 16)
  for (let i = 0; i < n; i += chunk) {
    const m = Math.min(chunk, n - i)
    const t = tf.tidy(() => {
      const z = tf.tensor2d(latents.subarray(i * c.zDim, (i + m) * c.zDim), [m, c.zDim])
      const x = generatorForward(g, z, { training: opts.training ?? false })
      return tf.cast(tf.clipByValue(tf.mul(tf.add(x, 1), 127.5), 0, 255), 'int32')
    })
    const v = await t.data()
    t.dispose()
    out.set(v, i * per)
    opts.onChunk?.(i + m, n)
  }
  return out
}
