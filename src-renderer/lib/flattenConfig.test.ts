import { describe, expect, it } from 'vitest'
import { flattenConfig } from './flattenConfig'

describe('flattenConfig', () => {
  it('joins nested keys with dots, in the order they appear', () => {
    const flat = flattenConfig({
      batchSize: 64,
      optimizer: { kind: 'adam', lr: 2e-4, betas: { beta1: 0.5 } },
      flip: true,
    })
    expect(flat).toEqual({
      batchSize: '64',
      'optimizer.kind': 'adam',
      'optimizer.lr': '0.0002',
      'optimizer.betas.beta1': '0.5',
      flip: 'true',
    })
    expect(Object.keys(flat)).toEqual(['batchSize', 'optimizer.kind', 'optimizer.lr', 'optimizer.betas.beta1', 'flip'])
  })

  it('lists arrays and writes null as a value, not as a nested object', () => {
    expect(flattenConfig({ sizes: [32, 64], note: null })).toEqual({ sizes: '32, 64', note: 'null' })
  })
})
