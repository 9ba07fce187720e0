import { describe, expect, it } from 'vitest'
import { labelBand } from './frame-label'

const ink = (band: { pixels: Uint8Array }) => band.pixels.filter((value) => value === 235).length

describe('labelBand', () => {
  it('draws the caption in light pixels on the background, centred, at the scale asked', () => {
    const band = labelBand('Epoch 8', 100, 3, 2)
    expect(band.height).toBe(14)
    expect(band.pixels.length).toBe(100 * 14 * 3)
    expect(ink(band)).toBeGreaterThan(0)
    expect(new Set(band.pixels)).toEqual(new Set([16, 235]))
    // centred: the first and last columns stay background
    const column = (x: number) => Array.from({ length: 14 }, (_, y) => band.pixels[(y * 100 + x) * 3])
    expect(column(0).every((value) => value === 16)).toBe(true)
    expect(column(99).every((value) => value === 16)).toBe(true)
    expect(ink(labelBand('Epoch 8', 200, 3, 4))).toBe(4 * ink(band))
  })

  it('differs from epoch to epoch', () => {
    expect(labelBand('Epoch 1', 80, 1, 1).pixels).not.toEqual(labelBand('Epoch 7', 80, 1, 1).pixels)
  })

  it('refuses a character it has no glyph for rather than drawing a gap', () => {
    expect(() => labelBand('Step 3', 80, 1, 1)).toThrow('no glyph for "S"')
  })
})
