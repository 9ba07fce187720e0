/**
 * Conv2DBackpropInput (= conv2dTranspose, the DCGAN generator's layer): the wasm backend's own is a naive
 * scalar loop, ~10x slower than XNNPACK. This one is the sub-pixel decomposition: for a stride s, each of the
 * s*s output phases is an ordinary stride-1 conv of dy with a sub-kernel of the (spatially reversed) filter;
 * the phases are interleaved with two concats (no transposes). Configurations the decomposition does not
 * cover fall back to the original kernel.
 */
import * as tf from '../tf'
import type { Conv2DBackpropInputAttrs, KernelFunc, NamedAttrMap, TensorInfo } from '../tf'
import { subPixelPhases } from '../../../src-shared/generator/sub-pixel'
import { dispose, int32Tensor, runner, type Backend } from './kernel-context'

export function makeBackpropInput(backendName: string, fallback: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args
    const run = runner(backendName, backend)
    const b = backend as unknown as Backend
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo }
    const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as Conv2DBackpropInputAttrs
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
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
          strides: [1, 1],
          dilations: [1, 1],
          dataFormat: 'NHWC',
          dimRoundingMode: undefined as never,
          pad: [
            [0, 0],
            [py.padBefore, py.padAfter],
            [px.padBefore, px.padAfter],
            [0, 0],
          ] as never,
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
