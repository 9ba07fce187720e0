/** Conv2DBackpropInput (conv2dTranspose, the generator's layer) on the wasm backend through oneDNN. */
import * as tf from '../tf'
import type { Conv2DBackpropInputAttrs, KernelConfig, KernelFunc, TensorInfo } from '../tf'
import type { OneDnnAddon } from './addon'
import { convParams, nativeConvSupported } from './conv-params'
import { heapViews } from './wasm-heap'

export function nativeConv2DBackpropInput(addon: OneDnnAddon, previous: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo }
    const { inputShape, strides, pad, dataFormat, dimRoundingMode } = args.attrs as unknown as Conv2DBackpropInputAttrs
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      tf.backend_util.convertConv2DDataFormat(dataFormat),
    )
    const dyMatches = dy.shape.every((d, i) => d === info.outShape[i])
    if (dy.dtype !== 'float32' || filter.dtype !== 'float32' || !dyMatches || !nativeConvSupported(info))
      return previous.kernelFunc(args)
    const { out, views, outView } = heapViews(args.backend, [dy, filter], [...inputShape])
    addon.conv2dBackpropInput(views[0]!, views[1]!, outView, convParams(info))
    return out
  }
  return { ...previous, kernelFunc }
}
