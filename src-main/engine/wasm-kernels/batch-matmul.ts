import type { BatchMatMulAttrs, KernelFunc, TensorInfo } from '../tf'
import { dispose, runner, type Backend } from './kernel-context'

/**
 * wasm BatchMatMul with transposeA/transposeB runs a slow scalar loop (e.g. 45 ms instead of 2 ms
 * for the generator FC's weight gradient); transposing explicitly and using the XNNPACK path wins.
 */
export function makeBatchMatMul(backendName: string, orig: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs
    if (!transposeA && !transposeB) return orig(args)
    const run = runner(backendName, backend)
    const b = backend as unknown as Backend
    let { a, b: bb } = inputs as { a: TensorInfo; b: TensorInfo }
    const swapLast = (t: TensorInfo) => {
      const r = t.shape.length
      const perm = Array.from({ length: r }, (_, i) => i)
      perm[r - 1] = r - 2
      perm[r - 2] = r - 1
      return run('Transpose', { x: t }, { perm })
    }
    const tmp: TensorInfo[] = []
    if (transposeA) tmp.push((a = swapLast(a)))
    if (transposeB) tmp.push((bb = swapLast(bb)))
    const out = orig({
      ...args,
      inputs: { a, b: bb },
      attrs: { ...attrs, transposeA: false, transposeB: false },
    }) as TensorInfo
    dispose(b, ...tmp)
    return out
  }
}
