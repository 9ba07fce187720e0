import { describe, expect, it } from 'vitest'
import { runDetail } from '../src-renderer/test-utils/fixtures'
import { bestCheckpoint, bestCheckpointLabel, bestCheckpointNote } from './best-checkpoint'

const checkpoint = (id: number, epoch: number, step = epoch * 10) => ({
  id,
  epoch,
  step,
  bytes: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  kept: false,
})

describe('bestCheckpoint', () => {
  it("is the best epoch's own checkpoint when it was kept", () => {
    const best = bestCheckpoint(
      runDetail({
        bestEpoch: 4,
        bestSwd: 31.25,
        checkpoints: [checkpoint(1, 3), checkpoint(2, 4), checkpoint(3, 5), checkpoint(4, 4, 47)],
      }),
    )
    expect(best).toMatchObject({ checkpoint: { id: 2 }, exact: true })
    expect(bestCheckpointLabel(best!)).toBe('Best (epoch 4, SWD 31.3)')
    expect(bestCheckpointNote(best!)).toBeNull()
  })

  it('is the nearest kept checkpoint when the best one was pruned, the later of two as near, and says so', () => {
    expect(
      bestCheckpoint(
        runDetail({ bestEpoch: 2, bestSwd: 30, checkpoints: [checkpoint(5, 7), checkpoint(6, 8), checkpoint(7, 9)] }),
      ),
    ).toMatchObject({ checkpoint: { id: 5 }, exact: false })
    const best = bestCheckpoint(
      runDetail({ bestEpoch: 5, bestSwd: 30, checkpoints: [checkpoint(1, 4), checkpoint(2, 6)] }),
    )!
    expect(best).toMatchObject({ checkpoint: { id: 2 }, exact: false })
    expect(bestCheckpointLabel(best)).toBe('Nearest to the best (epoch 6; best was 5)')
    expect(bestCheckpointNote(best)).toMatch(
      /^Epoch 5 scored best \(SWD 30\.0\), but its checkpoint was not kept: epoch 6 is the nearest one on disk/,
    )
  })

  it('is nothing before an epoch was scored, or without a checkpoint', () => {
    expect(bestCheckpoint(runDetail({ bestEpoch: null, bestSwd: null, checkpoints: [checkpoint(1, 1)] }))).toBeNull()
    expect(bestCheckpoint(runDetail({ bestEpoch: 1, bestSwd: 9, checkpoints: [] }))).toBeNull()
  })
})
