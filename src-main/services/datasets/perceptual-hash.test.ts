import { describe, expect, it } from 'vitest'
import { hammingDistance, NearDuplicateIndex, perceptualHash } from './perceptual-hash'

function randomHash(rnd: () => number): string {
  let s = ''
  for (let i = 0; i < 16; i++) s += Math.floor(rnd() * 16).toString(16)
  return s
}

function flipBits(hash: string, bits: number[]): string {
  const hi = BigInt('0x' + hash)
  let v = hi
  for (const b of bits) v ^= 1n << BigInt(b)
  return v.toString(16).padStart(16, '0')
}

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

describe('perceptual hash', () => {
  it('is stable under small brightness changes and differs for different images', () => {
    const img = new Uint8Array(64 * 64 * 3)
    for (let y = 0; y < 64; y++)
      for (let x = 0; x < 64; x++)
        img.fill(
          20 + x + Math.round(40 * Math.sin(y / 9)) + (x < 20 && y > 30 ? 60 : 0),
          (y * 64 + x) * 3,
          (y * 64 + x) * 3 + 3,
        )
    const brighter = img.map((v) => Math.min(255, v + 10))
    const other = new Uint8Array(64 * 64 * 3)
    for (let i = 0; i < other.length; i++) other[i] = ((i / 3) % 64) * 4
    const h = perceptualHash(img, 64)
    expect(h).toMatch(/^[0-9a-f]{16}$/)
    expect(hammingDistance(h, perceptualHash(brighter, 64))).toBeLessThanOrEqual(2)
    expect(hammingDistance(h, perceptualHash(other, 64))).toBeGreaterThan(10)
  })

  it('hamming distance counts differing bits', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64)
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2)
  })

  it('multi-index search finds exactly what brute force finds among 10,000 hashes', () => {
    const rnd = lcg(7)
    const hashes: string[] = []
    for (let i = 0; i < 10_000; i++) {
      // a share of near copies of earlier hashes
      const src = hashes[Math.floor(rnd() * hashes.length)]
      if (src && rnd() < 0.1)
        hashes.push(flipBits(src, [Math.floor(rnd() * 64), Math.floor(rnd() * 64), Math.floor(rnd() * 64)]))
      else hashes.push(randomHash(rnd))
    }
    const index = new NearDuplicateIndex(4)
    const found: (number | null)[] = []
    for (let i = 0; i < hashes.length; i++) {
      found.push(index.query(hashes[i] as string)?.id ?? null)
      index.add(i, hashes[i] as string)
    }
    // brute force on a sample
    for (let i = 0; i < hashes.length; i += 97) {
      let best: number | null = null
      let bestD = 99
      for (let j = 0; j < i; j++) {
        const d = hammingDistance(hashes[i] as string, hashes[j] as string)
        if (d <= 4 && d < bestD) {
          bestD = d
          best = j
        }
      }
      expect(found[i]).toBe(best)
    }
    expect(found.filter((x) => x !== null).length).toBeGreaterThan(500)
  })

  it('chroma signatures veto near-duplicates with different colours', () => {
    const index = new NearDuplicateIndex(4, 6)
    const sigA = '80'.repeat(32)
    const sigB = 'a0'.repeat(32)
    index.add(0, '0123456789abcdef', sigA)
    expect(index.query('0123456789abcdef', sigA)).toEqual({ id: 0, distance: 0 })
    expect(index.query('0123456789abcdef', sigB)).toBeNull()
  })
})
