/**
 * The sub-pixel decomposition of a transposed convolution, one spatial axis at a time: for stride
 * s, output phase r (rows or columns r, r + s, …) is an ordinary stride-1 correlation of the input
 * with `taps` (filter indices, in correlation order) and the given padding. The engine's wasm
 * Conv2DBackpropInput kernel and the page's generator plan both run transposed convolutions this way.
 */
export interface AxisPhase {
  /** filter indices along this axis, in correlation order */
  taps: number[]
  padBefore: number
  padAfter: number
}

/**
 * Phases of a transposed convolution (kernel k, stride s, padding p) whose output has `outSize`
 * and whose input has `inSize` along this axis; null if the decomposition does not express it.
 */
export function subPixelPhases(outSize: number, inSize: number, k: number, s: number, p: number): AxisPhase[] | null {
  if (outSize % s !== 0) return null
  const m = outSize / s
  const phases: AxisPhase[] = []
  for (let r = 0; r < s; r++) {
    const k0 = (((r + p) % s) + s) % s
    if (k0 >= k) return null
    const T = Math.ceil((k - k0) / s)
    const c = (r + p - k0) / s
    const taps = Array.from({ length: T }, (_, t) => k0 + s * (T - 1 - t))
    const padBefore = T - 1 - c
    const padAfter = m - inSize - padBefore + T - 1
    if (padBefore < 0 || padAfter < 0) return null
    phases.push({ taps, padBefore, padAfter })
  }
  return phases
}
