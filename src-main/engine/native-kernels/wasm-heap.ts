/** What the native kernels need from the tfjs wasm backend: outputs on its heap and views of them. */
import type { TensorInfo } from '../tf'

export interface WasmHeap {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo
  typedArrayFromHeap(t: TensorInfo): Float32Array
}

/**
 * Views of the inputs and a fresh output, taken after the output is allocated: allocation may grow
 * the heap, which detaches earlier views.
 */
export function heapViews(
  backend: unknown,
  inputs: TensorInfo[],
  outShape: number[],
): { out: TensorInfo; views: Float32Array[]; outView: Float32Array } {
  const b = backend as WasmHeap
  const out = b.makeOutput(outShape, 'float32')
  return { out, views: inputs.map((t) => b.typedArrayFromHeap(t)), outView: b.typedArrayFromHeap(out) }
}
