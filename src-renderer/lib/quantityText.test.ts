import { describe, expect, it } from 'vitest'
import { bytesLabel, durationLabel, plural } from './quantityText'

describe('quantityText', () => {
  it('counts in words', () => {
    expect([plural(1, 'image'), plural(0, 'image'), plural(1200, 'image')]).toEqual([
      '1 image',
      '0 images',
      '1,200 images',
    ])
  })

  it('writes durations and sizes the way people read them', () => {
    expect([durationLabel(-3), durationLabel(59.4), durationLabel(61), durationLabel(3725)]).toEqual([
      '0 s',
      '59 s',
      '1 min 1 s',
      '1 h 2 min',
    ])
    expect([bytesLabel(1), bytesLabel(1000), bytesLabel(1536), bytesLabel(5 * 1024 ** 3)]).toEqual([
      '1 byte',
      '1,000 bytes',
      '1.5 KB',
      '5.0 GB',
    ])
  })
})
