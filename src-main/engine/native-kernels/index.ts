/**
 * Registers the oneDNN kernels (conv2d forward, both conv2d gradients, matmul) on a tfjs backend
 * whose tensors live on a wasm heap, each wrapping the kernel registered before it, which still
 * serves the shapes, layouts and dtypes oneDNN is not given. Call after the backend's own kernels
 * are registered and before the backend is initialised.
 */
import * as tf from '../tf'
import type { KernelConfig } from '../tf'
import { loadOneDnn, type OneDnnAddon } from './addon'
import { nativeBatchMatMul } from './batch-matmul'
import { nativeConv2D } from './conv2d'
import { nativeConv2DBackpropFilter } from './conv2d-backprop-filter'
import { nativeConv2DBackpropInput } from './conv2d-backprop-input'

/** Which convolution/matmul kernels the engine runs, and why; shown by `device`, the badge and the bench. */
export interface KernelsReport {
  kind: 'native' | 'wasm'
  /** e.g. "native oneDNN 2.6.3 (avx512_core), 2 threads" or "wasm SIMD" */
  label: string
  /** why the native kernels are not in use */
  reason?: string
}

const WRAPPERS: [string, (addon: OneDnnAddon, previous: KernelConfig) => KernelConfig][] = [
  ['Conv2D', nativeConv2D],
  ['Conv2DBackpropInput', nativeConv2DBackpropInput],
  ['Conv2DBackpropFilter', nativeConv2DBackpropFilter],
  ['BatchMatMul', nativeBatchMatMul],
]

const registered = new Map<string, OneDnnAddon>()

/** Registers once per backend; returns the addon in use, or the reason it is not. */
export function registerNativeKernels(
  backendName: string,
  threads: number,
): { addon: OneDnnAddon } | { reason: string } {
  const done = registered.get(backendName)
  if (done) {
    done.setThreads(threads)
    return { addon: done }
  }
  const load = loadOneDnn()
  if (!load.ok) return { reason: load.reason }
  const missing = WRAPPERS.find(([name]) => !tf.getKernel(name, backendName))
  if (missing) return { reason: `the ${backendName} backend has no ${missing[0]} kernel to wrap` }
  for (const [name, wrap] of WRAPPERS) {
    const previous = tf.getKernel(name, backendName)!
    tf.unregisterKernel(name, backendName)
    tf.registerKernel(wrap(load.addon, previous))
  }
  load.addon.setThreads(threads)
  registered.set(backendName, load.addon)
  return { addon: load.addon }
}

export function nativeLabel(addon: OneDnnAddon): string {
  const i = addon.info()
  return `native oneDNN ${i.version} (${i.isa}), ${i.threads} thread${i.threads === 1 ? '' : 's'}`
}
