/**
 * Convolution gradient kernels for the tfjs wasm backend, built from its fast XNNPACK Conv2D.
 *
 * - `Conv2DBackpropFilter` is missing from @tensorflow/tfjs-backend-wasm 4.22 (so tf.grad of any
 *   conv2d / conv2dTranspose failed). We compute it as a stride-1 convolution with
 *   dilation = stride of the transposed input [Cin,H,W,N] by the transposed output-gradient
 *   [OH,OW,N,Cout] used as the filter, then transpose the result to [kh,kw,Cin,Cout].
 * - `Conv2DBackpropInput` (= conv2dTranspose, the DCGAN generator's layer) exists but is a naive
 *   scalar loop, ~10x slower than XNNPACK. We replace it with the sub-pixel decomposition: for a
 *   stride s, each of the s*s output phases is an ordinary stride-1 conv of dy with a sub-kernel of
 *   the (spatially reversed) filter; the phases are interleaved with two concats (no transposes).
 *   Configurations the decomposition does not cover fall back to the original kernel.
 */
import * as tf from './tf'
import type { KernelConfig, KernelFunc, TensorInfo, NamedAttrMap } from './tf'
import { subPixelPhases } from '../../src-shared/generator/sub-pixel'

type Backend = {
  disposeData(dataId: object): void
  makeOutput(shape: number[], dtype: 'int32' | 'float32'): TensorInfo
  typedArrayFromHeap(t: TensorInfo): Int32Array | Float32Array
}

/** A small int32 tensor created directly in the backend (kernels cannot call tf.tensor). */
function int32Tensor(b: Backend, values: number[]): TensorInfo {
  const t = b.makeOutput([values.length], 'int32')
  b.typedArrayFromHeap(t).set(values)
  return t
}
type Run = (name: string, inputs: Record<string, TensorInfo> | TensorInfo[], attrs: NamedAttrMap) => TensorInfo

function runner(backendName: string, backend: unknown): Run {
  return (name, inputs, attrs) => {
    const k = tf.getKernel(name, backendName)
    if (!k) throw new Error(`kernel ${name} missing on ${backendName}`)
    return k.kernelFunc({ inputs, attrs, backend } as never) as TensorInfo
  }
}

function dispose(backend: Backend, ...infos: TensorInfo[]): void {
  for (const i of infos) backend.disposeData(i.dataId)
}

function makeBackpropFilter(backendName: string): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const run = runner(backendName, backend)
    const b = backend as unknown as Backend
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo }
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
      strides: [number, number] | number
      pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding
      dataFormat: 'NHWC' | 'NCHW'
      dimRoundingMode?: 'floor' | 'round' | 'ceil'
      filterShape: [number, number, number, number]
    }
    if (dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter supports NHWC only')
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast',
    )
    const [kh, kw] = filterShape
    const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info
    const top = info.padInfo.top
    const left = info.padInfo.left
    let [, H, W] = x.shape as [number, number, number, number]
    let bottom = kh - H - top + sh * (oh - 1)
    let right = kw - W - left + sw * (ow - 1)
    let xT = run('Transpose', { x }, { perm: [3, 1, 2, 0] })
    if (bottom < 0 || right < 0) {
      // rows/cols the forward conv never reached: crop them (they get no gradient anyway)
      H += Math.min(bottom, 0)
      W += Math.min(right, 0)
      bottom = Math.max(bottom, 0)
      right = Math.max(right, 0)
      const cropped = run('Slice', { x: xT }, { begin: [0, 0, 0, 0], size: [xT.shape[0]!, H, W, xT.shape[3]!] })
      dispose(b, xT)
      xT = cropped
    }
    const dyT = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] })
    const r = run('Conv2D', { x: xT, filter: dyT }, {
      strides: [1, 1], dilations: [sh, sw], dataFormat: 'NHWC', dimRoundingMode: undefined as never,
      pad: [[0, 0], [top, bottom], [left, right], [0, 0]] as never,
    } as NamedAttrMap)
    dispose(b, xT, dyT)
    const out = run('Transpose', { x: r }, { perm: [1, 2, 0, 3] })
    dispose(b, r)
    return out
  }
}

function makeBackpropInput(backendName: string, fallback: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args
    const run = runner(backendName, backend)
    const b = backend as unknown as Backend
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo }
    const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as {
      inputShape: [number, number, number, number]
      strides: [number, number] | number
      pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding
      dataFormat: 'NHWC' | 'NCHW'
      dimRoundingMode?: 'floor' | 'round' | 'ceil'
    }
    const info = tf.backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast',
    )
    const [kh, kw, inC] = filter.shape as [number, number, number, number]
    const [N, H, W] = inputShape
    const ys = dataFormat === 'NCHW' ? null : subPixelPhases(H, info.outHeight, kh, info.strideHeight, info.padInfo.top)
    const xs = dataFormat === 'NCHW' ? null : subPixelPhases(W, info.outWidth, kw, info.strideWidth, info.padInfo.left)
    if (!ys || !xs) {
      if (!fallback) throw new Error('Conv2DBackpropInput: unsupported configuration')
      return fallback(args)
    }
    const fT = run('Transpose', { x: filter }, { perm: [0, 1, 3, 2] }) // [kh,kw,outC,inC]
    const rows: TensorInfo[] = []
    const mh = H / info.strideHeight
    for (const py of ys) {
      const cols: TensorInfo[] = []
      const iy = int32Tensor(b, py.taps)
      const ky = run('GatherV2', { x: fT, indices: iy }, { axis: 0, batchDims: 0 })
      dispose(b, iy)
      for (const px of xs) {
        const ix = int32Tensor(b, px.taps)
        const k = run('GatherV2', { x: ky, indices: ix }, { axis: 1, batchDims: 0 })
        dispose(b, ix)
        const y = run('Conv2D', { x: dy, filter: k }, {
          strides: [1, 1], dilations: [1, 1], dataFormat: 'NHWC', dimRoundingMode: undefined as never,
          pad: [[0, 0], [py.padBefore, py.padAfter], [px.padBefore, px.padAfter], [0, 0]] as never,
        } as NamedAttrMap)
        dispose(b, k)
        cols.push(y)
      }
      dispose(b, ky)
      if (cols.length === 1) {
        rows.push(cols[0]!)
      } else {
        const c = run('Concat', cols, { axis: 3 })
        dispose(b, ...cols)
        const rr = run('Reshape', { x: c }, { shape: [N, mh, W, inC] })
        dispose(b, c)
        rows.push(rr)
      }
    }
    dispose(b, fT)
    if (rows.length === 1) {
      const only = rows[0]!
      const out = run('Reshape', { x: only }, { shape: [N, H, W, inC] })
      dispose(b, only)
      return out
    }
    const c = run('Concat', rows, { axis: 2 })
    dispose(b, ...rows)
    const out = run('Reshape', { x: c }, { shape: [N, H, W, inC] })
    dispose(b, c)
    return out
  }
}

/**
 * wasm BatchMatMul with transposeA/transposeB runs a slow scalar loop (e.g. 45 ms instead of 2 ms
 * for the generator FC's weight gradient); transposing explicitly and using the XNNPACK path wins.
 */
function makeBatchMatMul(backendName: string, orig: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean }
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
    const out = orig({ ...args, inputs: { a, b: bb }, attrs: { ...attrs, transposeA: false, transposeB: false } }) as TensorInfo
    dispose(b, ...tmp)
    return out
  }
}

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
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName, kernelFunc: makeBackpropFilter(backendName) } as KernelConfig)
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
