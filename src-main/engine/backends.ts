import { cpus } from 'node:os'
import { dirname } from 'node:path'
import { createRequire } from 'node:module'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'

export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu'

export interface BackendReport {
  backend: BackendName
  device: string
  unavailable: { backend: BackendName; reason: string }[]
  versions: Record<string, string>
  threads?: number
}

export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu']

class Unavailable extends Error {}

const resolvePackage = createRequire(import.meta.url).resolve
const cpuModel = () => cpus()[0]?.model.trim() ?? 'unknown CPU'

/** Loads a package the bundler must not resolve at build time (it is optional and may be absent). */
function importOptional(name: string): Promise<unknown> {
  return import(/* @vite-ignore */ name)
}

const starters: Record<BackendName, () => Promise<{ device: string; threads?: number }>> = {
  async tensorflow() {
    try {
      await importOptional('@tensorflow/tfjs-node-gpu')
    } catch {
      throw new Unavailable('tfjs-node-gpu is not installed (it needs libtensorflow, which could not be downloaded)')
    }
    if (!(await tf.setBackend('tensorflow'))) throw new Unavailable('tfjs-node-gpu is installed but its backend failed to start')
    return { device: 'libtensorflow (CUDA where available)' }
  },

  async webgpu() {
    let dawn: { create(flags: string[]): GpuLike; globals: Record<string, unknown> }
    try {
      dawn = (await importOptional('webgpu')) as typeof dawn
    } catch {
      throw new Unavailable('the webgpu (Dawn) package is not installed')
    }
    const gpu = dawn.create([])
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' })
    if (!adapter) throw new Unavailable('no GPU adapter (Vulkan, Metal or D3D12) was found')
    const info = adapter.info ?? {}
    const name = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown GPU'
    if (adapter.isFallbackAdapter || /llvmpipe|lavapipe|swiftshader|software/i.test(name)) {
      throw new Unavailable(`only a software GPU adapter is available (${name})`)
    }
    Object.assign(globalThis, dawn.globals)
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true })
    await import('@tensorflow/tfjs-backend-webgpu')
    if (!(await tf.setBackend('webgpu'))) throw new Unavailable(`the WebGPU backend failed to start on ${name}`)
    return { device: name }
  },

  async wasm() {
    const wasm = await import('@tensorflow/tfjs-backend-wasm')
    wasm.setWasmPaths(`${dirname(resolvePackage('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`)
    if (!(await tf.setBackend('wasm'))) throw new Unavailable('the WebAssembly backend failed to start')
    const threads = wasm.getThreadsCount()
    return { device: `WebAssembly SIMD on ${cpuModel()}`, threads }
  },

  async cpu() {
    if (!(await tf.setBackend('cpu'))) throw new Unavailable('the JavaScript CPU backend failed to start')
    return { device: `JavaScript on ${cpuModel()}` }
  },
}

interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<{
    info?: { vendor?: string; architecture?: string; device?: string; description?: string }
    isFallbackAdapter?: boolean
  } | null>
}

let active: Promise<BackendReport> | undefined
let activeChoice: BackendName | 'auto' | undefined

/**
 * Starts the fastest backend that works here (or exactly the one asked for), once per process.
 * A forced backend that cannot start is an error, never a silent fallback.
 */
export function initBackend(choice: BackendName | 'auto' = 'auto'): Promise<BackendReport> {
  if (active && activeChoice === choice) return active
  activeChoice = choice
  active = start(choice).catch((error: unknown) => {
    active = undefined
    throw error
  })
  return active
}

async function start(choice: BackendName | 'auto'): Promise<BackendReport> {
  const unavailable: BackendReport['unavailable'] = []
  const candidates = choice === 'auto' ? BACKEND_ORDER : [choice]
  for (const backend of candidates) {
    try {
      const started = await starters[backend]()
      await tf.ready()
      return { backend, ...started, unavailable, versions: versions() }
    } catch (error) {
      const reason = error instanceof Unavailable ? error.message : `failed to start: ${error instanceof Error ? error.message : String(error)}`
      if (choice !== 'auto') throw new Error(`Backend '${backend}' is unavailable: ${reason}`, { cause: error })
      unavailable.push({ backend, reason })
    }
  }
  throw new Error(`No TensorFlow.js backend could start: ${unavailable.map((entry) => `${entry.backend}: ${entry.reason}`).join('; ')}`)
}

function versions(): Record<string, string> {
  return { 'tfjs-core': tf.version_core, node: process.versions.node, v8: process.versions.v8 }
}
