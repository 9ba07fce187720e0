/**
 * Seedable, portable PRNG (xoshiro128**, 32-bit arithmetic only) with exportable state.
 * Used for the shuffle order, latent noise, flips and weight init, so a run is reproducible
 * from its seed and resumable from a checkpoint.
 */
export type RngState = [number, number, number, number]

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

export class Rng {
  private s: Uint32Array

  /** `seed` is any integer; `stream` derives independent streams from one seed (e.g. fixed noise). */
  constructor(seed: number, stream = 0) {
    const sm = splitmix32((Math.trunc(seed) ^ Math.imul(stream + 1, 0x632be5ab)) >>> 0)
    this.s = new Uint32Array([sm(), sm(), sm(), sm()])
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1
  }

  static fromState(state: RngState): Rng {
    const r = new Rng(0)
    r.setState(state)
    return r
  }

  getState(): RngState {
    return [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!]
  }

  setState(state: RngState): void {
    if (state.length !== 4 || state.some((x) => !Number.isInteger(x) || x < 0 || x > 0xffffffff)) {
      throw new Error('Invalid RNG state: expected four uint32 words')
    }
    this.s.set(state)
  }

  /** Next uint32. */
  nextU32(): number {
    const s = this.s
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0
    const t = (s[1]! << 9) >>> 0
    s[2]! ^= s[0]!
    s[3]! ^= s[1]!
    s[1]! ^= s[2]!
    s[0]! ^= s[3]!
    s[2]! ^= t
    s[3] = rotl(s[3]!, 11)
    return result
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextU32() / 4294967296
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n)
  }

  /** Fills `out` with N(mean, std) samples (Box–Muller, both values of each pair used). */
  fillNormal(out: Float32Array, mean = 0, std = 1): Float32Array {
    const n = out.length
    for (let i = 0; i < n; i += 2) {
      const u1 = (this.nextU32() + 1) / 4294967297 // (0, 1]
      const u2 = this.uniform()
      const r = Math.sqrt(-2 * Math.log(u1))
      const a = 2 * Math.PI * u2
      out[i] = mean + std * r * Math.cos(a)
      if (i + 1 < n) out[i + 1] = mean + std * r * Math.sin(a)
    }
    return out
  }

  fillUniform(out: Float32Array, lo: number, hi: number): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * this.uniform()
    return out
  }

  /** A fresh random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n)
    for (let i = 0; i < n; i++) p[i] = i
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const t = p[i]!
      p[i] = p[j]!
      p[j] = t
    }
    return p
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}
