/**
 * A checkpoint's generator in the renderer: its TF.js model fetched by media id, compiled into a
 * fast plan, shared between every view that shows faces of that checkpoint.
 */
import * as tf from '@tensorflow/tfjs'
import type { LatentModel } from '../../../src-shared/contract/latent'
import { studio } from '../../studio'
import { rendererBackend } from './backend'
import { compileGenerator } from './generatorPlan'

export interface Generator {
  readonly model: LatentModel
  readonly backend: string
  /** Faces for n latents (n·zDim values), as RGBA images of imageSize². */
  render(latents: Float32Array): Promise<ImageData[]>
}

/** A generator nobody uses any more is kept this long, in case the view comes straight back. */
const RELEASE_DELAY_MS = 10_000

interface Entry {
  loading: Promise<Generator & { dispose(): void }>
  users: number
  releaseTimer?: ReturnType<typeof setTimeout>
}

/** by the model's media id: a checkpoint's EMA and its raw G are two generators */
const loaded = new Map<string, Entry>()

/** The generator of a checkpoint, loading it unless a view already has; pair with releaseGenerator. */
export function acquireGenerator(model: LatentModel): Promise<Generator> {
  let entry = loaded.get(model.modelMediaId)
  if (!entry) {
    entry = { loading: load(model), users: 0 }
    loaded.set(model.modelMediaId, entry)
    entry.loading.catch(() => loaded.delete(model.modelMediaId))
  }
  clearTimeout(entry.releaseTimer)
  entry.users++
  return entry.loading
}

export function releaseGenerator(model: LatentModel): void {
  const entry = loaded.get(model.modelMediaId)
  if (!entry || --entry.users > 0) return
  entry.releaseTimer = setTimeout(() => {
    loaded.delete(model.modelMediaId)
    void entry.loading.then(
      (generator) => generator.dispose(),
      () => undefined,
    )
  }, RELEASE_DELAY_MS)
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`Could not fetch the generator (${response.status} ${response.statusText}).`)
  return response
}

async function load(model: LatentModel): Promise<Generator & { dispose(): void }> {
  const backend = await rendererBackend()
  const [json, weights] = await Promise.all([
    fetchOk(studio.mediaUrl(model.modelMediaId)).then((response) => response.json() as Promise<tf.io.ModelJSON>),
    fetchOk(studio.mediaUrl(model.weightsMediaId)).then((response) => response.arrayBuffer()),
  ])
  const layers = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: weights,
    }),
  )
  const plan = compileGenerator(layers)
  const forward = plan ? (z: tf.Tensor2D) => plan.forward(z) : (z: tf.Tensor2D) => layers.predict(z) as tf.Tensor4D
  const { zDim, imageSize, channels } = model
  return {
    model,
    backend: backend.name,
    async render(latents) {
      const n = latents.length / zDim
      const pixels = tf.tidy(() => {
        const images = forward(tf.tensor2d(latents, [n, zDim]))
        // as the trainer's previews: round down of clip((x + 1)·127.5, 0, 255)
        return tf.cast(tf.clipByValue(tf.mul(tf.add(images, 1), 127.5), 0, 255), 'int32')
      })
      const values = await pixels.data()
      pixels.dispose()
      const perImage = imageSize * imageSize * channels
      return Array.from({ length: n }, (_, index) =>
        toImageData(values.subarray(index * perImage, (index + 1) * perImage), imageSize, channels),
      )
    },
    dispose() {
      plan?.dispose()
      layers.dispose()
    },
  }
}

function toImageData(values: ArrayLike<number>, size: number, channels: number): ImageData {
  const image = new ImageData(size, size)
  const rgba = image.data
  for (let pixel = 0; pixel < size * size; pixel++) {
    for (let c = 0; c < 3; c++) rgba[pixel * 4 + c] = values[pixel * channels + (channels === 1 ? 0 : c)]!
    rgba[pixel * 4 + 3] = 255
  }
  return image
}
