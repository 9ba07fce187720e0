/** What the wasm kernels in this folder share: running another registered kernel, temporary tensors. */
import * as tf from '../tf'
import type { NamedAttrMap, TensorInfo } from '../tf'

export type Backend = {
  disposeData(dataId: object): void
  makeOutput(shape: number[], dtype: 'int32' | 'float32'): TensorInfo
  typedArrayFromHeap(t: TensorInfo): Int32Array | Float32Array
}

/** A small int32 tensor created directly in the backend (kernels cannot call tf.tensor). */
export function int32Tensor(b: Backend, values: number[]): TensorInfo {
  const t = b.makeOutput([values.length], 'int32')
  b.typedArrayFromHeap(t).set(values)
  return t
}

export type Run = (name: string, inputs: Record<string, TensorInfo> | TensorInfo[], attrs: NamedAttrMap) => TensorInfo

export function runner(backendName: string, backend: unknown): Run {
  return (name, inputs, attrs) => {
    const k = tf.getKernel(name, backendName)
    if (!k) throw new Error(`kernel ${name} missing on ${backendName}`)
    return k.kernelFunc({ inputs, attrs, backend } as never) as TensorInfo
  }
}

export function dispose(backend: Backend, ...infos: TensorInfo[]): void {
  for (const i of infos) backend.disposeData(i.dataId)
}
