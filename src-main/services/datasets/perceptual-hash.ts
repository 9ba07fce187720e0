/**
 * 64-bit perceptual hash (pHash: 32×32 luma → 2-D DCT → 8×8 low frequencies > median)
 * and a multi-index Hamming search so near-duplicate detection stays ~linear for 10k images.
 *
 * Hashes are 16-char lowercase hex strings (stable, DB friendly).
 */

const N = 32
const K = 8

// cos table: COS[u * N + x] = cos((2x+1) u π / 2N), u < K
const COS = new Float64Array(K * N)
for (let u = 0; u < K; u++) for (let x = 0; x < N; x++) COS[u * N + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N))

/** 32×32 luma (area average) of a square interleaved image of side `size` with `channels` (1 or 3). */
function luma32(pixels: Uint8Array, size: number, channels: number): Float64Array {
  const out = new Float64Array(N * N)
  for (let oy = 0; oy < N; oy++) {
    const y0 = Math.floor((oy * size) / N)
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * size) / N))
    for (let ox = 0; ox < N; ox++) {
      const x0 = Math.floor((ox * size) / N)
      const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * size) / N))
      let sum = 0
      for (let y = y0; y < y1; y++) {
        let p = (y * size + x0) * channels
        for (let x = x0; x < x1; x++, p += channels) {
          if (channels >= 3)
            sum += 0.299 * (pixels[p] ?? 0) + 0.587 * (pixels[p + 1] ?? 0) + 0.114 * (pixels[p + 2] ?? 0)
          else sum += pixels[p] ?? 0
        }
      }
      out[oy * N + ox] = sum / ((y1 - y0) * (x1 - x0))
    }
  }
  return out
}

/** pHash of a square image (side `size` ≥ 8, NHWC uint8, 1 or 3 channels). */
export function perceptualHash(pixels: Uint8Array, size: number, channels = 3): string {
  const g = luma32(pixels, size, channels)
  // rows: tmp[y][u] = Σx g[y][x] cos_u(x)
  const tmp = new Float64Array(N * K)
  for (let y = 0; y < N; y++) {
    for (let u = 0; u < K; u++) {
      let s = 0
      for (let x = 0; x < N; x++) s += (g[y * N + x] ?? 0) * (COS[u * N + x] ?? 0)
      tmp[y * K + u] = s
    }
  }
  const dct = new Float64Array(K * K)
  for (let v = 0; v < K; v++) {
    for (let u = 0; u < K; u++) {
      let s = 0
      for (let y = 0; y < N; y++) s += (tmp[y * K + u] ?? 0) * (COS[v * N + y] ?? 0)
      dct[v * K + u] = s
    }
  }
  // median of the 63 AC coefficients (the DC term only encodes brightness)
  const ac = Array.from(dct.subarray(1)).sort((a, b) => a - b)
  const median = ac[31] ?? 0
  let hi = 0
  let lo = 0
  for (let i = 0; i < 64; i++) {
    const bit = (dct[i] ?? 0) > median ? 1 : 0
    if (i < 32) hi = (hi << 1) | bit
    else lo = (lo << 1) | bit
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0')
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  x = (x + (x >>> 4)) & 0x0f0f0f0f
  return Math.imul(x, 0x01010101) >>> 24
}

function split(hash: string): [number, number] {
  return [parseInt(hash.slice(0, 8), 16) >>> 0, parseInt(hash.slice(8, 16), 16) >>> 0]
}

/** Number of differing bits between two 16-hex-digit hashes. */
export function hammingDistance(a: string, b: string): number {
  const [ah, al] = split(a)
  const [bh, bl] = split(b)
  return popcount32((ah ^ bh) >>> 0) + popcount32((al ^ bl) >>> 0)
}

/** Default Hamming threshold (≤) for "near-duplicate" with the 64-bit pHash. */
export const DEFAULT_NEAR_DUPLICATE_THRESHOLD = 4
/** Default mean |Δ| (0..255) between chroma signatures for "near-duplicate". */
export const DEFAULT_CHROMA_THRESHOLD = 6

/**
 * Brightness-independent colour layout: mean Cb and Cr on a 4×4 grid (32 bytes, hex).
 * pHash only sees luma; this tells apart images with the same layout in other colours
 * (e.g. two cartoon faces on different backgrounds).
 */
export function chromaSignature(pixels: Uint8Array, size: number): string {
  const G = 4
  const out = new Uint8Array(G * G * 2)
  for (let gy = 0; gy < G; gy++) {
    const y0 = Math.floor((gy * size) / G)
    const y1 = Math.floor(((gy + 1) * size) / G)
    for (let gx = 0; gx < G; gx++) {
      const x0 = Math.floor((gx * size) / G)
      const x1 = Math.floor(((gx + 1) * size) / G)
      let cb = 0
      let cr = 0
      for (let y = y0; y < y1; y++) {
        for (let x = x0, p = (y * size + x0) * 3; x < x1; x++, p += 3) {
          const r = pixels[p] ?? 0
          const g = pixels[p + 1] ?? 0
          const b = pixels[p + 2] ?? 0
          cb += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
          cr += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
        }
      }
      const n = Math.max(1, (y1 - y0) * (x1 - x0))
      out[(gy * G + gx) * 2] = Math.round(cb / n)
      out[(gy * G + gx) * 2 + 1] = Math.round(cr / n)
    }
  }
  return Buffer.from(out).toString('hex')
}

/** Mean absolute difference between two chroma signatures (0..255). */
export function chromaDistance(a: string, b: string): number {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  if (x.length !== y.length || x.length === 0) return 255
  let s = 0
  for (let i = 0; i < x.length; i++) s += Math.abs((x[i] ?? 0) - (y[i] ?? 0))
  return s / x.length
}

/**
 * Multi-index hashing: the 64 bits are split into m > threshold chunks; by the pigeonhole
 * principle two hashes within `threshold` bits share at least one chunk exactly, so only
 * items sharing a chunk value are compared.
 */
export class NearDuplicateIndex {
  private readonly chunks: { start: number; width: number }[] = []
  private readonly tables: Map<number, number[]>[] = []
  private readonly hi: number[] = []
  private readonly lo: number[] = []
  private readonly ids: number[] = []
  private readonly chroma: (string | undefined)[] = []
  private stamp = new Uint32Array(0)
  private stampValue = 0

  constructor(
    readonly threshold = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
    readonly chromaThreshold = DEFAULT_CHROMA_THRESHOLD,
  ) {
    if (!(threshold >= 0 && threshold < 32)) throw new RangeError('threshold must be in [0, 32)')
    const m = Math.max(threshold + 1, 4)
    let start = 0
    for (let c = 0; c < m; c++) {
      const width = Math.floor(64 / m) + (c < 64 % m ? 1 : 0)
      this.chunks.push({ start, width })
      this.tables.push(new Map())
      start += width
    }
  }

  private keys(h: number, l: number): number[] {
    return this.chunks.map(({ start, width }) => {
      let v = 0
      for (let b = start; b < start + width; b++) {
        const bit = b < 32 ? (h >>> (31 - b)) & 1 : (l >>> (63 - b)) & 1
        v = v * 2 + bit
      }
      return v
    })
  }

  get size(): number {
    return this.ids.length
  }

  /**
   * Closest stored item within the threshold (ties: the earliest added), or null. When both
   * sides have a chroma signature, it must also be within chromaThreshold.
   */
  query(hash: string, chroma?: string): { id: number; distance: number } | null {
    const [h, l] = split(hash)
    const keys = this.keys(h, l)
    if (this.stamp.length < this.ids.length) {
      const s = new Uint32Array(Math.max(1024, this.ids.length * 2))
      s.set(this.stamp)
      this.stamp = s
    }
    this.stampValue = (this.stampValue + 1) >>> 0
    if (this.stampValue === 0) {
      this.stamp.fill(0)
      this.stampValue = 1
    }
    let best: { id: number; distance: number; pos: number } | null = null
    for (let c = 0; c < keys.length; c++) {
      const bucket = this.tables[c]?.get(keys[c] ?? 0)
      if (!bucket) continue
      for (const pos of bucket) {
        if (this.stamp[pos] === this.stampValue) continue
        this.stamp[pos] = this.stampValue
        const d = popcount32((h ^ (this.hi[pos] ?? 0)) >>> 0) + popcount32((l ^ (this.lo[pos] ?? 0)) >>> 0)
        if (d > this.threshold || (best && (d > best.distance || (d === best.distance && pos > best.pos)))) continue
        const other = this.chroma[pos]
        if (chroma !== undefined && other !== undefined && chromaDistance(chroma, other) > this.chromaThreshold)
          continue
        best = { id: this.ids[pos] ?? -1, distance: d, pos }
      }
    }
    return best ? { id: best.id, distance: best.distance } : null
  }

  add(id: number, hash: string, chroma?: string): void {
    const [h, l] = split(hash)
    const pos = this.ids.length
    this.ids.push(id)
    this.chroma.push(chroma)
    this.hi.push(h)
    this.lo.push(l)
    const keys = this.keys(h, l)
    for (let c = 0; c < keys.length; c++) {
      const table = this.tables[c]
      if (!table) continue
      const k = keys[c] ?? 0
      const bucket = table.get(k)
      if (bucket) bucket.push(pos)
      else table.set(k, [pos])
    }
  }
}
