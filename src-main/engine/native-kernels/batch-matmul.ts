/** BatchMatMul on the wasm backend through oneDNN (transposes as strides, no copies). */
import type { BatchMatMulAttrs, KernelConfig, KernelFunc, TensorInfo } from '../tf'
import type { OneDnnAddon } from './addon'
import { heapViews } from './wasm-heap'

const product = (xs: number[]) => xs.reduce((a, b) => a * b, 1)

export function nativeBatchMatMul(addon: OneDnnAddon, previous: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo }
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs
    const ra = a.shape.length
    const rb = b.shape.length
    const batchA = a.shape.slice(0, -2)
    const sameBatch = ra === rb && batchA.every((d, i) => d === b.shape[i])
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || ra < 2 || !sameBatch) return previous.kernelFunc(args)
    const M = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!
    const K = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!
    const N = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!
    if ((transposeB ? b.shape[rb - 1] : b.shape[rb - 2]) !== K) return previous.kernelFunc(args)
    const { out, views, outView } = heapViews(args.backend, [a, b], [...batchA, M, N])
    addon.matmul(views[0]!, views[1]!, outView, [product(batchA), M, K, N, transposeA ? 1 : 0, transposeB ? 1 : 0])
    return out
  }
  return { ...previous, kernelFunc }
}
