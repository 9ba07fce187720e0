/**
 * The generator of a run as a standalone TF.js layers model (model.json + one weights file), for
 * use outside the studio (the offline index.html of a model export, tfjs in a browser, Python
 * tensorflowjs converters).
 *
 * The Sequential model equals generatorForward in eval mode (BN with its running statistics):
 *
 *   compact: Dense(16·c0, bias) → Reshape[4,4,c0] → [Conv2DTranspose k4 s2 'same' → BN → ReLU]… → Conv2DTranspose → tanh
 *   paper:   Dense(16·c0, no bias) → Reshape → BN → ReLU → [Conv2DTranspose → BN → ReLU]… → Conv2DTranspose → tanh
 *
 * Keras' transposed convolution with k4 s2 padding 'same' on an H×H map gives 2H×2H with a total
 * padding of (H−1)·2 + 4 − 2H = 2, split 1/1: the same as PyTorch's (and generatorForward's)
 * explicit pad 1 (export-generator.test.ts checks this numerically, not only by shape). Weight
 * layouts need no transposition: dense kernels are [in, out] and conv2dTranspose filters
 * [kh, kw, out, in] in both.
 *
 * The model outputs tanh values in [−1, 1]; to pixels: round-down of clip((x + 1)·127.5, 0, 255),
 * exactly as Trainer.generate.
 *
 * No tfjs-node: the save handler hands back the artifacts and we write the files ourselves.
 */
import { io, layers as tfl, loadLayersModel, sequential, version as tfjsVersion } from '@tensorflow/tfjs'
import type { LayersModel, Sequential } from '@tensorflow/tfjs'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import * as tf from './tf'
import { BN_EPS, variableOf } from './models'
import { generatorLayers, generatorTensors } from '../../src-shared/generator/spec'
import type { GeneratorTensor } from '../../src-shared/generator/spec'
import type { ModelConfig, NamedVariable, Network } from './models'
import type { TensorRecord, Trainer, TrainerSnapshot } from './trainer'
import { modelConfigOf } from './trainer'
import { EMA_PREFIX } from './generator-ema'

export const MODEL_JSON_FILE = 'model.json'
export const MODEL_WEIGHTS_FILE = 'generator.weights.bin'

/** A generator's configuration and its tensors (params and BN buffers) by name (`g.fc.w` …). */
export interface GeneratorWeights {
  config: ModelConfig
  tensors: Map<string, TensorRecord>
}

/**
 * The generator part of a checkpoint snapshot or a live trainer: its EMA (what previews show), or G itself when
 * `raw` (or when a snapshot holds no EMA).
 */
export async function generatorWeightsOf(
  source: TrainerSnapshot | Trainer,
  opts: { raw?: boolean } = {},
): Promise<GeneratorWeights> {
  const tensors = new Map<string, TensorRecord>()
  if ('tensors' in source) {
    const prefix = !opts.raw && source.tensors.some((r) => r.name.startsWith(EMA_PREFIX)) ? EMA_PREFIX : ''
    for (const r of source.tensors) {
      if (r.name.startsWith(`${prefix}g.`))
        tensors.set(r.name.slice(prefix.length), { ...r, name: r.name.slice(prefix.length) })
    }
  } else {
    const net = opts.raw ? source.g : source.ema.net
    for (const p of [...net.params, ...net.buffers]) {
      tensors.set(p.name, {
        name: p.name,
        shape: p.v.shape.slice(),
        data: ((await p.v.data()) as Float32Array).slice(),
      })
    }
  }
  return { config: modelConfigOf(source.config), tensors }
}

function take(w: GeneratorWeights, name: string, shape: number[]): TensorRecord {
  const r = w.tensors.get(name)
  if (!r) throw new Error(`the checkpoint lacks generator tensor ${name}`)
  const size = shape.reduce((a, b) => a * b, 1)
  if (r.shape.length !== shape.length || r.shape.some((d, i) => d !== shape[i]) || r.data.length !== size) {
    throw new Error(`generator tensor ${name} has shape [${r.shape}], the model needs [${shape}]`)
  }
  return r
}

let nextVarId = 0

/** A generator Network (for generatorForward) holding the given weights; dispose with disposeNetwork. */
export function generatorNetwork(w: GeneratorWeights): Network {
  const params: NamedVariable[] = []
  const buffers: NamedVariable[] = []
  try {
    for (const { name, shape, buffer } of generatorTensors(w.config)) {
      const r = take(w, name, shape)
      const v = variableOf(tf.tensor(r.data, shape, 'float32'), false, `export.${name}#${nextVarId++}`)
      ;(buffer ? buffers : params).push({ name, v })
    }
  } catch (e) {
    for (const p of [...params, ...buffers]) p.v.dispose()
    throw e
  }
  return { kind: 'generator', config: w.config, params, buffers }
}

/** The eval-mode generator as a tfjs-layers Sequential model with the weights set. Caller disposes it. */
export function buildGeneratorModel(w: GeneratorWeights): Sequential {
  const cfg = w.config
  const t = (tensors: GeneratorTensor[]) => () =>
    tensors.map(({ name, shape }) => tf.tensor(take(w, name, shape).data, shape, 'float32'))
  const model = sequential({ name: 'dcgan_generator' })
  const pending: { layer: { setWeights(ws: tf.Tensor[]): void }; weights: () => tf.Tensor[] }[] = []
  const add = <T extends { setWeights(ws: tf.Tensor[]): void }>(layer: T, weights?: () => tf.Tensor[]): T => {
    model.add(layer as unknown as Parameters<Sequential['add']>[0])
    if (weights) pending.push({ layer, weights })
    return layer
  }
  for (const layer of generatorLayers(cfg)) {
    if (layer.kind === 'dense') {
      add(tfl.dense({ name: 'fc', inputShape: [cfg.zDim], units: layer.units, useBias: layer.bias }), t(layer.tensors))
    } else if (layer.kind === 'reshape') {
      add(tfl.reshape({ name: 'to4x4', targetShape: layer.shape }))
    } else if (layer.kind === 'batchnorm-relu') {
      add(
        tfl.batchNormalization({ name: `bn${layer.index}`, axis: -1, epsilon: BN_EPS, momentum: 0.9 }),
        t(layer.tensors),
      )
      add(tfl.reLU({ name: `relu${layer.index}` }))
    } else if (layer.kind === 'upsample') {
      const up = tfl.conv2dTranspose({
        name: `up${layer.index}`,
        filters: layer.outChannels,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        useBias: false,
      })
      add(up, t(layer.tensors))
    } else {
      add(tfl.activation({ name: 'tanh', activation: 'tanh' }))
    }
  }
  try {
    for (const p of pending) {
      const ws = p.weights()
      try {
        p.layer.setWeights(ws)
      } finally {
        tf.dispose(ws)
      }
    }
  } catch (e) {
    model.dispose()
    throw e
  }
  return model
}

export interface GeneratorModelFiles {
  /** model.json contents (format 'layers-model', one weights file) */
  modelJson: io.ModelJSON
  /** the weights file's bytes (float32 little-endian, in the manifest's order) */
  weights: Uint8Array
}

/** The model.json and weights of the generator, in memory. `metadata` lands in userDefinedMetadata. */
export async function generatorModelFiles(
  w: GeneratorWeights,
  metadata: Record<string, unknown> = {},
): Promise<GeneratorModelFiles> {
  const model = buildGeneratorModel(w)
  try {
    let captured: io.ModelArtifacts | null = null
    await model.save(
      io.withSaveHandler(async (artifacts) => {
        captured = artifacts
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
      }),
    )
    const art = captured as io.ModelArtifacts | null
    if (!art?.modelTopology || !art.weightSpecs || !art.weightData)
      throw new Error('tfjs-layers did not produce model artifacts')
    const data = Array.isArray(art.weightData) ? io.CompositeArrayBuffer.join(art.weightData) : art.weightData
    const modelJson: io.ModelJSON = {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tfjsVersion['tfjs-layers'] ?? 'unknown'}`,
      convertedBy: null,
      modelTopology: art.modelTopology,
      weightsManifest: [{ paths: [MODEL_WEIGHTS_FILE], weights: art.weightSpecs }],
      userDefinedMetadata: {
        ...metadata,
        dcganStudio: { ...w.config, output: 'tanh [-1, 1]; pixels = clip((x + 1) * 127.5, 0, 255)' },
      },
    }
    return { modelJson, weights: new Uint8Array(data) }
  } finally {
    model.dispose()
  }
}

/** Writes model.json and the weights file into `folder` (which must exist). Returns the paths written. */
export async function writeGeneratorModel(folder: string, files: GeneratorModelFiles): Promise<string[]> {
  const json = path.join(folder, MODEL_JSON_FILE)
  const bin = path.join(folder, MODEL_WEIGHTS_FILE)
  await fsp.writeFile(bin, files.weights, { flag: 'wx' })
  await fsp.writeFile(json, JSON.stringify(files.modelJson), { flag: 'wx' })
  return [json, bin]
}

/** An IOHandler that loads a layers model written by writeGeneratorModel from `folder` (Node, no fetch). */
export function fileModelLoader(folder: string): io.IOHandler {
  return {
    async load() {
      const modelJson = JSON.parse(await fsp.readFile(path.join(folder, MODEL_JSON_FILE), 'utf8')) as io.ModelJSON
      const specs: io.WeightsManifestEntry[] = []
      const buffers: ArrayBuffer[] = []
      for (const group of modelJson.weightsManifest) {
        specs.push(...group.weights)
        for (const p of group.paths) {
          const rel = path.normalize(p)
          if (path.isAbsolute(rel) || rel.startsWith('..')) throw new Error(`weights path ${p} leaves the model folder`)
          const b = await fsp.readFile(path.join(folder, rel))
          buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)
        }
      }
      return io.getModelArtifactsForJSON(modelJson, async () => [specs, io.CompositeArrayBuffer.join(buffers)])
    },
  }
}

/** Loads a model folder written by writeGeneratorModel. */
export function loadGeneratorModel(folder: string): Promise<LayersModel> {
  return loadLayersModel(fileModelLoader(folder))
}
