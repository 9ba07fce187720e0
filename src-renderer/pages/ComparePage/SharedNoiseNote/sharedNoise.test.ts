import { describe, expect, it } from 'vitest'
import { sharedNoiseGroups } from './sharedNoise'

const run = (id: number, seed: number, zDim: number) => ({ id, seed, config: { zDim } })

describe('sharedNoiseGroups', () => {
  it('groups runs with the same seed and latent size, leaving out runs alone in theirs', () => {
    const groups = sharedNoiseGroups([run(1, 7, 100), run(2, 7, 100), run(3, 8, 100), run(4, 7, 100)])
    expect(groups.map((group) => group.map((each) => each.id))).toEqual([[1, 2, 4]])
  })

  it('does not group a shared seed with different latent sizes: their fixed noise differs', () => {
    expect(sharedNoiseGroups([run(1, 7, 100), run(2, 7, 32)])).toEqual([])
  })
})
