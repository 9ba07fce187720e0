import { describe, expect, it } from 'vitest'
import { DEFAULT_PRESET, facesAfterEpochs, suggestedEpochs } from '../../src-shared/contract/train-config'
import { ConfigError, PRESETS, PRESET_GUIDES, parseTrainConfig, preset } from './presets'

describe('presets', () => {
  it('every preset is valid', () => {
    for (const name of Object.keys(PRESETS) as (keyof typeof PRESETS)[]) expect(() => preset(name)).not.toThrow()
  })
  it('paper-64 and compact-32 are the peer models', () => {
    expect(preset('paper-64')).toMatchObject({
      arch: 'paper',
      imageSize: 64,
      baseChannels: 64,
      zDim: 100,
      batchSize: 64,
    })
    expect(preset('compact-32')).toMatchObject({
      arch: 'compact',
      imageSize: 32,
      baseChannels: 32,
      zDim: 100,
      batchSize: 32,
    })
    expect(preset('wgan-64')).toMatchObject({
      loss: 'wgan',
      nCritic: 5,
      clip: 0.01,
      optimizer: { kind: 'rmsprop', lr: 5e-5 },
    })
  })
  it('a new run starts from the preset that gives faces; quick says it is not for faces', () => {
    expect(DEFAULT_PRESET).toBe('compact-32')
    expect(PRESET_GUIDES[DEFAULT_PRESET].facesAfterSteps).not.toBeNull()
    expect(PRESET_GUIDES.quick.summary).toMatch(/not for faces/)
  })
  it('suggests epochs from the dataset size: the step budget spread over its batches, within bounds', () => {
    // 435 photos at batch 32: 13 steps an epoch, so 2,000 steps are 154 epochs and faces show after about 31
    expect(suggestedEpochs('compact-32', 435, 32)).toBe(154)
    expect(facesAfterEpochs('compact-32', 435, 32)).toBe(31)
    expect(suggestedEpochs('compact-32', 10_000, 32)).toBe(6)
    expect(suggestedEpochs('compact-32', 100_000, 32)).toBe(5)
    expect(suggestedEpochs('compact-32', 64, 32)).toBe(400)
    expect(facesAfterEpochs('quick', 435, 16)).toBeNull()
  })
  it('explains bad values', () => {
    expect(() => parseTrainConfig({ ...PRESETS.quick, imageSize: 48 })).toThrow(/image size must be 16, 32, 64 or 128/)
    expect(() => parseTrainConfig({ ...PRESETS.quick, batchSize: 1 })).toThrow(/at least 2/)
    expect(() => parseTrainConfig(PRESETS.quick, { count: 5, size: 32, channels: 3 })).toThrow(ConfigError)
    expect(() => parseTrainConfig(PRESETS.quick, { count: 5, size: 32, channels: 3 })).toThrow(
      'batch size 16 is larger than the dataset (5 images); use a batch of at most 5 or add images',
    )
    expect(() => parseTrainConfig({ ...PRESETS['wgan-64'], optimizer: PRESETS.quick.optimizer })).toThrow(
      /WGAN training uses RMSprop/,
    )
    expect(() => parseTrainConfig(PRESETS.quick, { count: 100, size: 32, channels: 1 })).toThrow(
      /dataset has 1 channel/,
    )
  })
  it('puts each problem on the setting it is about', () => {
    const issuesOf = (run: () => unknown) => {
      try {
        run()
      } catch (error) {
        return (error as ConfigError).issues
      }
      return []
    }
    expect(
      issuesOf(() => parseTrainConfig({ ...PRESETS.quick, optimizer: { ...PRESETS.quick.optimizer, lr: 0 } })),
    ).toEqual([{ path: ['optimizer', 'lr'], message: expect.stringMatching(/>0/) }])
    expect(
      issuesOf(() => parseTrainConfig(PRESETS.quick, { count: 5, size: 64, channels: 3 })).map((issue) => issue.path),
    ).toEqual([['imageSize'], ['batchSize']])
  })
})
