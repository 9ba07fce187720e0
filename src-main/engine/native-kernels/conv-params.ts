/** tfjs's convolution geometry → the addon's parameter list (one shape → one cached oneDNN primitive). */
import type * as tf from '../tf'

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>

/** [N,H,W,Ci, kh,kw,Co, OH,OW, sh,sw, dh,dw, top,left,bottom,right]; tfjs's own padInfo, so 'same', non-square and explicit padding match. */
export function convParams(c: Conv2DInfo): number[] {
  const p = c.padInfo
  return [
    c.batchSize,
    c.inHeight,
    c.inWidth,
    c.inChannels,
    c.filterHeight,
    c.filterWidth,
    c.outChannels,
    c.outHeight,
    c.outWidth,
    c.strideHeight,
    c.strideWidth,
    c.dilationHeight,
    c.dilationWidth,
    p.top,
    p.left,
    p.bottom,
    p.right,
  ]
}

/**
 * oneDNN wants output = (in + top + bottom − effective kernel) / stride + 1 with non-negative
 * padding; tfjs's padInfo satisfies that except in exotic cases, which keep the wasm kernel.
 */
export function nativeConvSupported(c: Conv2DInfo): boolean {
  const p = c.padInfo
  if (c.dataFormat !== 'channelsLast' || p.top < 0 || p.left < 0 || p.bottom < 0 || p.right < 0) return false
  const fits = (inS: number, k: number, d: number, s: number, a: number, b: number, out: number) => {
    const span = inS + a + b - ((k - 1) * d + 1)
    return span >= 0 && Math.floor(span / s) + 1 === out
  }
  return (
    fits(c.inHeight, c.filterHeight, c.dilationHeight, c.strideHeight, p.top, p.bottom, c.outHeight) &&
    fits(c.inWidth, c.filterWidth, c.dilationWidth, c.strideWidth, p.left, p.right, c.outWidth)
  )
}
