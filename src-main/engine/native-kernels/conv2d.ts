/** Conv2D on the wasm backend through oneDNN; other layouts and dtypes keep the previous kernel. */
import * as tf from '../tf'
import type { Conv2DAttrs, KernelConfig, KernelFunc, TensorInfo } from '../tf'
import type { OneDnnAddon } from './addon'
import { convParams, nativeConvSupported } from './conv-params'
import { heapViews } from './wasm-heap'

export function nativeConv2D(addon: OneDnnAddon, previous: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo }
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as Conv2DAttrs
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      strides,
      dilations,
      pad,
      dimRoundingMode,
      false,
      tf.backend_util.convertConv2DDataFormat(dataFormat),
    )
    if (x.dtype !== 'float32' || filter.dtype !== 'float32' || !nativeConvSupported(info))
      return previous.kernelFunc(args)
    const { out, views, outView } = heapViews(args.backend, [x, filter], info.outShape)
    addon.conv2d(views[0]!, views[1]!, outView, convParams(info))
    return out
  }
  return { ...previous, kernelFunc }
}
