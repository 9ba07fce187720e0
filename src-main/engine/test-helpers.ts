/** Shared helpers for the engine's tests (not used by the app). */
import * as tf from './tf'

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}

/** Deterministic pseudo-random floats in [-1, 1). */
export function detFloats(n: number, seed: number): Float32Array {
  const out = new Float32Array(n)
  let s = seed >>> 0 || 1
  for (let i = 0; i < n; i++) {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    out[i] = ((s >>> 0) / 4294967296) * 2 - 1
  }
  return out
}

/** Runs `f` on `backend` with fresh tensors built from plain arrays; returns plain results. */
export async function onBackend(backend: string, f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend)
  const outs = tf.tidy(f)
  const vals = await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array))
  tf.dispose(outs)
  return vals
}
