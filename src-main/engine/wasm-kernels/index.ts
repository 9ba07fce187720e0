/** The wasm backend's kernels this project replaces or adds, one per file beside this one. */
import * as tf from '../tf'
import type { KernelConfig } from '../tf'
import { makeBatchMatMul } from './batch-matmul'
import { makeBackpropFilter } from './conv2d-backprop-filter'
import { makeBackpropInput } from './conv2d-backprop-input'

const registered = new Set<string>()

/**
 * Registers Conv2DBackpropFilter, the fast Conv2DBackpropInput and the transposed-operand
 * BatchMatMul for `backendName` (default 'wasm'). Idempotent. Call after the backend package is
 * imported and before the backend is initialised (kernel setup functions run at init).
 */
export function registerConvGradKernels(backendName = 'wasm'): void {
  if (registered.has(backendName)) return
  registered.add(backendName)
  if (tf.getKernel('Conv2DBackpropFilter', backendName)) tf.unregisterKernel('Conv2DBackpropFilter', backendName)
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: makeBackpropFilter(backendName),
  } as KernelConfig)
  const orig = tf.getKernel('Conv2DBackpropInput', backendName)
  if (orig) tf.unregisterKernel('Conv2DBackpropInput', backendName)
  // keep the original setupFunc: the fallback path needs its wasm function bound at backend init
  tf.registerKernel({
    ...orig,
    kernelName: 'Conv2DBackpropInput',
    backendName,
    kernelFunc: makeBackpropInput(backendName, orig?.kernelFunc),
  } as KernelConfig)
  const mm = tf.getKernel('BatchMatMul', backendName)
  if (mm) {
    tf.unregisterKernel('BatchMatMul', backendName)
    tf.registerKernel({ ...mm, kernelFunc: makeBatchMatMul(backendName, mm.kernelFunc) } as KernelConfig)
  }
}
