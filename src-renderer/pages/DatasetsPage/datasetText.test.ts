import { describe, expect, it } from 'vitest'
import { channelsLabel, rejectionLabel, sizesLabel, unusedName } from './datasetText'

describe('datasetText', () => {
  it('suggests the first name no dataset uses, ignoring case', () => {
    expect(unusedName('Faces', [])).toBe('Faces')
    expect(unusedName('Faces', ['faces', 'Faces 2', 'Other'])).toBe('Faces 3')
  })

  it('says rejection codes, sizes and channels in words', () => {
    expect(rejectionLabel('too-many-pixels')).toBe('too many pixels')
    expect(sizesLabel([128, 32, 64])).toBe('32 · 64 · 128 px')
    expect([channelsLabel(1), channelsLabel(3)]).toEqual(['grayscale (1-channel)', 'colour'])
  })
})
