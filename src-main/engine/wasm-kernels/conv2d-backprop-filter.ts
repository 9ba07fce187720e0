/**
 * Conv2DBackpropFilter, missing from @tensorflow/tfjs-backend-wasm 4.22 (so tf.grad of any conv2d /
 * conv2dTranspose failed), built from the backend's fast XNNPACK Conv2D: a stride-1 convolution with
 * dilation = stride of the transposed input [Cin,H,W,N] by the transposed output-gradient [OH,OW,N,Cout]
 * used as the filter, then transposed to [kh,kw,Cin,Cout].
 */
import * as tf from '../tf'
import type { Conv2DBackpropFilterAttrs, KernelFunc, NamedAttrMap, TensorInfo } from '../tf'
import { dispose, runner, type Backend } from './kernel-context'

export function makeBackpropFilter(backendName: string): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const run = runner(backendName, backend)
    const b = backend as unknown as Backend
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo }
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs
    if (dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter supports NHWC only')
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
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
      strides: [1, 1],
      dilations: [sh, sw],
      dataFormat: 'NHWC',
      dimRoundingMode: undefined as never,
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ] as never,
    } as NamedAttrMap)
    dispose(b, xT, dyT)
    const out = run('Transpose', { x: r }, { perm: [1, 2, 0, 3] })
    dispose(b, r)
    return out
  }
}
