/** Conv2DBackpropFilter (the filter gradient) on the wasm backend through oneDNN. */
import * as tf from '../tf'
import type { Conv2DBackpropFilterAttrs, KernelConfig, KernelFunc, TensorInfo } from '../tf'
import type { OneDnnAddon } from './addon'
import { convParams, nativeConvSupported } from './conv-params'
import { heapViews } from './wasm-heap'

export function nativeConv2DBackpropFilter(addon: OneDnnAddon, previous: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo }
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
      args.attrs as unknown as Conv2DBackpropFilterAttrs
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      tf.backend_util.convertConv2DDataFormat(dataFormat),
    )
    const dyMatches = dy.shape.every((d, i) => d === info.outShape[i])
    if (x.dtype !== 'float32' || dy.dtype !== 'float32' || !dyMatches || !nativeConvSupported(info))
      return previous.kernelFunc(args)
    const { out, views, outView } = heapViews(args.backend, [x, dy], [...filterShape])
    addon.conv2dBackpropFilter(views[0]!, views[1]!, outView, convParams(info))
    return out
  }
  return { ...previous, kernelFunc }
}
