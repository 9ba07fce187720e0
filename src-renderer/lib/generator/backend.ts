/**
 * The TF.js backend the renderer generates faces with, chosen once per window: wasm (XNNPACK, SIMD),
 * else webgl, else cpu. Measured in Chromium on this 2-core machine without a GPU, one paper-64 face
 * took ≈8 ms on wasm (with generatorPlan), ≈200 ms on webgl (SwiftShader, software GL) and ≈110 ms on cpu.
 * The wasm binaries come from main as media ids, so the same URLs work in the browser and in the
 * desktop app's file:// window (which cannot fetch files).
 */
import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import { studio, unwrap } from '../../studio'

export const BACKEND_ORDER = ['wasm', 'webgl', 'cpu'] as const

export interface RendererBackend {
  name: string
  /** why each backend before it could not start */
  unavailable: { backend: string; reason: string }[]
}

let chosen: Promise<RendererBackend> | null = null

export function rendererBackend(): Promise<RendererBackend> {
  chosen ??= choose().catch((error: unknown) => {
    chosen = null
    throw error
  })
  return chosen
}

async function choose(): Promise<RendererBackend> {
  const runtime = await unwrap(studio.latent.runtime({}))
  setWasmPaths({
    'tfjs-backend-wasm.wasm': studio.mediaUrl(runtime.wasm),
    'tfjs-backend-wasm-simd.wasm': studio.mediaUrl(runtime.wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': studio.mediaUrl(runtime.wasmThreadedSimd),
  })
  const unavailable: RendererBackend['unavailable'] = []
  for (const name of BACKEND_ORDER) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready()
        return { name, unavailable }
      }
      unavailable.push({ backend: name, reason: 'it did not initialise' })
    } catch (error) {
      unavailable.push({ backend: name, reason: error instanceof Error ? error.message : String(error) })
    }
  }
  throw new Error(
    `No TF.js backend could start in this window: ${unavailable.map((entry) => `${entry.backend}: ${entry.reason}`).join('; ')}`,
  )
}
