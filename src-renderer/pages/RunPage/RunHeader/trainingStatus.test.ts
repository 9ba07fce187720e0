import { describe, expect, it } from 'vitest'
import { facesStage, trainingStatus } from './trainingStatus'

describe('trainingStatus', () => {
  it('says the epoch, where the faces are and the time left while a run trains', () => {
    const run = { status: 'running' as const, preset: 'compact-32' as const, epoch: 11, epochs: 40 }
    expect(trainingStatus(run, 300, 6 * 60_000)).toBe('Epoch 12 of 40 — faces are forming; about 6 min 0 s left')
    expect(trainingStatus(run, 300, null)).toBe('Epoch 12 of 40 — faces are forming')
  })

  it('follows the faces through the run, from the step this preset’s faces appear at', () => {
    expect(facesStage('compact-32', 0)).toBe('nothing learned yet')
    expect(facesStage('compact-32', 100)).toBe('colours and blobs are forming')
    expect(facesStage('compact-32', 500)).toBe('faces have appeared and are getting clearer')
    expect(facesStage('compact-32', 1500)).toBe('faces are sharpening; details come slowly now')
    // quick is for trying the studio: no promise of faces
    expect(facesStage('quick', 1500)).toBeNull()
    expect(trainingStatus({ status: 'running', preset: 'quick', epoch: 2, epochs: 10 }, 30, 5_000)).toBe(
      'Epoch 3 of 10; about 5 s left',
    )
  })

  it('says how a run that is not training ended', () => {
    expect(trainingStatus({ status: 'finished', preset: 'compact-32', epoch: 150, epochs: 150 }, 1950, null)).toBe(
      'Finished all 150 epochs — faces are sharpening; details come slowly now',
    )
    expect(trainingStatus({ status: 'stopped', preset: 'compact-32', epoch: 20, epochs: 150 }, 260, null)).toBe(
      'Stopped after epoch 20 of 150 — faces are forming',
    )
    expect(trainingStatus({ status: 'failed', preset: 'compact-32', epoch: 3, epochs: 150 }, 40, null)).toBe(
      'Failed after epoch 3 of 150',
    )
  })
})
