/**
 * Backend selection for the training engine: tensorflow (tfjs-node-gpu) → webgpu (Dawn, hardware
 * adapters only) → wasm (SIMD, threads when they start) → cpu. A forced backend that cannot start
 * throws; 'auto' records why each skipped backend was unavailable.
 */
import * as tf from './tf'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { registerConvGradKernels } from './wasm-kernels'
import { nativeLabel, registerNativeKernels, type KernelsReport } from './native-kernels'
import { setWasmBackendWithNodeThreads } from './wasm-threads-node'

export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu'
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu']

export interface BackendReport {
  backend: BackendName
  /** human-readable device, e.g. "NVIDIA GeForce RTX 3060 (vulkan)", "wasm SIMD, 2 threads on AMD EPYC" */
  device: string
  unavailable: { backend: BackendName; reason: string }[]
  versions: Record<string, string>
  threads?: number
  kernels?: KernelsReport
}

export interface InitBackendOptions {
  /**
   * wasm: XNNPACK threads (default $DCGAN_WASM_THREADS, else min(4, cores − 1): one core is left
   * for the UI and other work, because a descheduled pool thread stalls every kernel — on a
   * 2-core machine that means 1 thread). > 1 starts the threaded SIMD build (falls back to
   * single-threaded SIMD if that fails). The native oneDNN kernels, when built, use as many.
   */
  wasmThreads?: number
  /**
   * webgpu: accept a software adapter (Mesa's lavapipe, SwiftShader). Only for tests that check the
   * webgpu kernels on a machine without a GPU; 'auto' never picks a software adapter.
   */
  webgpuSoftwareAdapter?: boolean
}

export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`Backend '${backend}' is unavailable: ${reason}`, { cause })
    this.name = 'BackendUnavailableError'
  }
}

const requireFromEngine = createRequire(import.meta.url)

interface Started {
  device: string
  threads?: number
  versions?: Record<string, string>
  kernels?: KernelsReport
}

function errMsg(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0]! : String(e)
}

function cpuModel(): string {
  return os.cpus()[0]?.model.trim() ?? 'unknown CPU'
}

/** Loads a package the bundler must not resolve at build time (it is optional and may be absent). */
function importOptional(name: string): Promise<unknown> {
  return import(/* @vite-ignore */ name)
}

async function startTensorflow(): Promise<Started> {
  let mod: { version?: Record<string, string> }
  try {
    mod = (await importOptional('@tensorflow/tfjs-node-gpu')) as typeof mod
  } catch (e) {
    const m = errMsg(e)
    if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(m))
      throw new Error('tfjs-node-gpu is not installed', { cause: e })
    throw new Error(`tfjs-node-gpu failed to load (${m})`, { cause: e })
  }
  if (!(await tf.setBackend('tensorflow'))) throw new Error('tfjs-node-gpu loaded but its backend did not initialise')
  const b = tf.backend() as { isUsingGpuDevice?: boolean }
  const gpu = b.isUsingGpuDevice ? 'CUDA GPU' : 'CPU (no CUDA device found)'
  return { device: `libtensorflow on ${gpu}`, versions: { 'tfjs-node-gpu': mod.version?.['tfjs-node'] ?? 'unknown' } }
}

const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|software|softpipe|microsoft basic render|warp/i

/**
 * The Dawn instance started once per process: a second `create` would drop the first instance
 * (and the device the registered tfjs backend holds) to the garbage collector, which crashes Dawn.
 */
let webgpuStarted: { started: Started; software: string | null } | null = null

async function startWebgpu(allowSoftware: boolean): Promise<Started> {
  if (webgpuStarted) {
    if (webgpuStarted.software && !allowSoftware)
      throw new Error(`no hardware GPU adapter (only ${webgpuStarted.software})`)
    if (!(await tf.setBackend('webgpu'))) throw new Error('the tfjs webgpu backend failed to initialise again')
    return webgpuStarted.started
  }
  if (!allowSoftware && process.platform === 'linux' && !hasLinuxGpuDeviceNodes()) {
    throw new Error('no GPU device nodes (/dev/dri/renderD*, /dev/nvidia*): no hardware GPU is visible')
  }
  let webgpu: { create(opts: string[]): GPU; globals: Record<string, unknown> }
  try {
    webgpu = (await importOptional('webgpu')) as typeof webgpu
  } catch (e) {
    throw new Error(`the 'webgpu' (Dawn) package is not installed or failed to load (${errMsg(e)})`, { cause: e })
  }
  Object.assign(globalThis, webgpu.globals)
  const gpu = webgpu.create([])
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' })
  if (!adapter) throw new Error('no WebGPU adapter found (no Vulkan/Metal/D3D12 GPU driver)')
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info
  const desc = [info?.vendor, info?.architecture, info?.device, info?.description].filter((s) => s).join(' ')
  const software =
    (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter || SOFTWARE_ADAPTER.test(desc)
      ? desc || 'a software fallback adapter'
      : null
  if (software && !allowSoftware) throw new Error(`no hardware GPU adapter (only ${software})`)
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator
  if (nav) {
    try {
      Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true })
    } catch {
      /* keep existing */
    }
  } else {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true })
  }
  await import('@tensorflow/tfjs-backend-webgpu')
  if (!(await tf.setBackend('webgpu'))) throw new Error(`tfjs webgpu backend failed to initialise on ${desc}`)
  const started = { device: desc || 'WebGPU adapter', versions: { webgpu: pkgVersion('webgpu') } }
  webgpuStarted = { started, software }
  return started
}

async function startWasm(threads: number): Promise<Started> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm')
  registerConvGradKernels('wasm')
  const native = registerNativeKernels('wasm', threads)
  const dist = path.dirname(requireFromEngine.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))
  wasm.setWasmPaths(dist + path.sep)
  tf.env().set('WASM_HAS_SIMD_SUPPORT', true)
  let ok = false
  if (threads > 1) {
    wasm.setThreadsCount(threads)
    try {
      ok = await setWasmBackendWithNodeThreads(tf, threads)
    } catch {
      ok = false
    }
  }
  if (!ok) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
    ok = await tf.setBackend('wasm')
  }
  if (!ok) throw new Error('the wasm backend failed to initialise')
  const n = wasm.getThreadsCount()
  const kernels: KernelsReport =
    'addon' in native
      ? { kind: 'native', label: nativeLabel(native.addon) }
      : { kind: 'wasm', label: 'wasm SIMD', reason: native.reason }
  const versions = 'addon' in native ? { onednn: native.addon.info().version } : undefined
  return {
    device: `WebAssembly SIMD, ${n} thread${n === 1 ? '' : 's'} on ${cpuModel()}`,
    threads: n,
    kernels,
    ...(versions ? { versions } : {}),
  }
}

async function startCpu(): Promise<Started> {
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise')
  return { device: `plain JavaScript on ${cpuModel()}`, threads: 1 }
}

function hasLinuxGpuDeviceNodes(): boolean {
  try {
    if (fs.readdirSync('/dev/dri').some((f) => f.startsWith('renderD'))) return true
  } catch {
    /* no /dev/dri */
  }
  try {
    return fs.readdirSync('/dev').some((f) => /^nvidia\d+$/.test(f))
  } catch {
    return false
  }
}

function pkgVersion(name: string): string {
  try {
    return (requireFromEngine(`${name}/package.json`) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

let current: BackendReport | null = null
let pending: { choice: BackendName | 'auto'; promise: Promise<BackendReport> } | null = null

/** The report of the last successful initBackend, or null. */
export function currentBackend(): BackendReport | null {
  return current
}

/**
 * Initialises a tfjs backend, once per process. 'auto' tries tensorflow → webgpu → wasm → cpu and
 * lists why the skipped ones were unavailable; a named backend either starts or throws
 * BackendUnavailableError ("Backend 'x' is unavailable: reason"), never a silent fallback.
 * wasm runs multi-threaded by default (see InitBackendOptions.wasmThreads and bench/README.md).
 */
export function initBackend(
  choice: BackendName | 'auto' = 'auto',
  opts: InitBackendOptions = {},
): Promise<BackendReport> {
  if (current && (choice === 'auto' || choice === current.backend) && tf.getBackend() === current.backend)
    return Promise.resolve(current)
  if (pending && pending.choice === choice) return pending.promise
  const promise = start(choice, opts).finally(() => {
    if (pending?.promise === promise) pending = null
  })
  pending = { choice, promise }
  return promise
}

async function start(choice: BackendName | 'auto', opts: InitBackendOptions): Promise<BackendReport> {
  const threads = Math.max(
    1,
    Math.floor(
      opts.wasmThreads ??
        (Number(process.env.DCGAN_WASM_THREADS) || Math.min(4, Math.max(1, os.availableParallelism() - 1))),
    ),
  )
  const order = choice === 'auto' ? BACKEND_ORDER : [choice]
  const unavailable: BackendReport['unavailable'] = []
  for (const name of order) {
    try {
      const s =
        name === 'tensorflow'
          ? await startTensorflow()
          : name === 'webgpu'
            ? await startWebgpu(choice === 'webgpu' && opts.webgpuSoftwareAdapter === true)
            : name === 'wasm'
              ? await startWasm(threads)
              : await startCpu()
      await tf.ready()
      const versions: Record<string, string> = {
        'tfjs-core': tf.version_core,
        node: process.versions.node,
        v8: process.versions.v8,
        ...s.versions,
      }
      if (name === 'wasm') versions['tfjs-backend-wasm'] = pkgVersion('@tensorflow/tfjs-backend-wasm')
      if (name === 'webgpu') versions['tfjs-backend-webgpu'] = pkgVersion('@tensorflow/tfjs-backend-webgpu')
      current = {
        backend: name,
        device: s.device,
        unavailable,
        versions,
        ...(s.threads ? { threads: s.threads } : {}),
        ...(s.kernels ? { kernels: s.kernels } : {}),
      }
      return current
    } catch (e) {
      const reason = errMsg(e)
      if (choice !== 'auto') throw new BackendUnavailableError(name, reason, e)
      unavailable.push({ backend: name, reason })
    }
  }
  throw new Error(`No backend could start: ${unavailable.map((u) => `${u.backend}: ${u.reason}`).join('; ')}`)
}
