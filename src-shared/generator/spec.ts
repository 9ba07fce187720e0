/**
 * The DCGAN generator, described once from a model config: the layers in forward order and the
 * tensors each one holds (studio names, NHWC shapes). Training (engine/models.ts), the TF.js export
 * (engine/export-generator.ts) and the checks of the page's generator plan read it.
 *
 *   compact: Dense(z → 16·c0, bias) → 4×4×c0 → [ConvT k4 s2 p1 → BN → ReLU]… → ConvT → tanh
 *   paper:   Dense(z → 16·c0)       → 4×4×c0 → BN → ReLU → [ConvT → BN → ReLU]… → ConvT → tanh
 */
export interface GeneratorConfig {
  arch: 'compact' | 'paper'
  imageSize: number
  channels: number
  zDim: number
  baseChannels: number
}

export interface GeneratorTensor {
  name: string
  shape: number[]
  /** BN running statistics: state, not trained */
  buffer: boolean
}

export type GeneratorLayer =
  | { kind: 'dense'; units: number; bias: boolean; tensors: GeneratorTensor[] }
  | { kind: 'reshape'; shape: [number, number, number] }
  | { kind: 'batchnorm-relu'; index: number; channels: number; tensors: GeneratorTensor[] }
  /** a k4 s2 p1 transposed convolution (filter [4, 4, out, in]) doubling the map */
  | { kind: 'upsample'; index: number; inChannels: number; outChannels: number; tensors: GeneratorTensor[] }
  | { kind: 'tanh' }

/** Number of stride-2 up/down-sampling layers for an image size (4×4 core). */
export function samplingLayers(imageSize: number): number {
  const l = Math.log2(imageSize) - 2
  if (!Number.isInteger(l) || l < 2) throw new Error(`image size must be a power of two ≥ 16, got ${imageSize}`)
  return l
}

/** Channel count of the generator feature map at resolution 4·2^i (i = 0 is the 4×4 core). */
export function generatorChannels(cfg: GeneratorConfig, i: number): number {
  const L = samplingLayers(cfg.imageSize)
  return i === L ? cfg.channels : cfg.baseChannels * 2 ** (L - 1 - i)
}

function batchNormRelu(index: number, channels: number): GeneratorLayer {
  const p = `g.bn${index}`
  const t = (name: string, buffer: boolean) => ({ name: `${p}.${name}`, shape: [channels], buffer })
  return {
    kind: 'batchnorm-relu',
    index,
    channels,
    tensors: [t('gamma', false), t('beta', false), t('mean', true), t('var', true)],
  }
}

export function generatorLayers(cfg: GeneratorConfig): GeneratorLayer[] {
  const L = samplingLayers(cfg.imageSize)
  const c0 = generatorChannels(cfg, 0)
  const bias = cfg.arch === 'compact'
  const dense: GeneratorTensor[] = [{ name: 'g.fc.w', shape: [cfg.zDim, 16 * c0], buffer: false }]
  if (bias) dense.push({ name: 'g.fc.b', shape: [16 * c0], buffer: false })
  const layers: GeneratorLayer[] = [
    { kind: 'dense', units: 16 * c0, bias, tensors: dense },
    { kind: 'reshape', shape: [4, 4, c0] },
  ]
  if (!bias) layers.push(batchNormRelu(0, c0))
  for (let i = 1; i <= L; i++) {
    const inChannels = generatorChannels(cfg, i - 1)
    const outChannels = generatorChannels(cfg, i)
    layers.push({
      kind: 'upsample',
      index: i,
      inChannels,
      outChannels,
      tensors: [{ name: `g.up${i}.w`, shape: [4, 4, outChannels, inChannels], buffer: false }],
    })
    layers.push(i < L ? batchNormRelu(i, outChannels) : { kind: 'tanh' })
  }
  return layers
}

/** Every generator tensor in forward order (the order checkpoints and exports keep). */
export function generatorTensors(cfg: GeneratorConfig): GeneratorTensor[] {
  return generatorLayers(cfg).flatMap((l) => ('tensors' in l ? l.tensors : []))
}
