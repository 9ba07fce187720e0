// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { StudioError } from '../../../../src-shared/contract/errors'
import { runDetail, runSummary } from '../../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor, within } from '../../../test-utils/render'
import { CheckpointTable, resumeBlocker } from './CheckpointTable'

describe('resumeBlocker', () => {
  it('allows resuming a stopped, finished or failed run from a checkpoint before its last epoch', () => {
    expect(resumeBlocker({ status: 'stopped', epochs: 10 }, { epoch: 3 })).toBeNull()
    expect(resumeBlocker({ status: 'finished', epochs: 10 }, { epoch: 9 })).toBeNull()
    expect(resumeBlocker({ status: 'failed', epochs: 10 }, { epoch: 0 })).toBeNull()
  })

  it('says why not while the run trains, or from its last epoch', () => {
    expect(resumeBlocker({ status: 'running', epochs: 10 }, { epoch: 3 })).toMatch(/Stop the run/)
    expect(resumeBlocker({ status: 'paused', epochs: 10 }, { epoch: 3 })).toMatch(/Stop the run/)
    expect(resumeBlocker({ status: 'finished', epochs: 10 }, { epoch: 10 })).toMatch(/last epoch/)
  })
})

describe('CheckpointTable', () => {
  it('resumes from the chosen checkpoint after saying what is discarded, with new learning rates, showing those in effect there', async () => {
    fakeStudio.answer('runs.resume', runSummary({ status: 'running' }))
    // D's rate was raised from step 6 (epoch 2's checkpoint) on, G's from step 9 (after it)
    const segments = [
      { fromStep: 6, changes: { dLearningRate: 0.0004 } },
      { fromStep: 9, changes: { learningRate: 0.00005 } },
    ]
    render(<CheckpointTable run={runDetail({ segments })} />)
    await userEvent.click(screen.getByRole('button', { name: 'Resume from epoch 2' }))
    const dialog = await screen.findByRole('dialog', { name: 'Resume "First run" from epoch 2?' })
    expect(dialog.textContent).toContain(
      'The 6 steps after it, the faces of epochs 3–4 and 2 later checkpoints are deleted',
    )
    expect((within(dialog).getByLabelText('Learning rate') as HTMLInputElement).placeholder).toBe('unchanged (0.0002)')
    expect((within(dialog).getByLabelText('D learning rate') as HTMLInputElement).placeholder).toBe(
      'unchanged (0.0004)',
    )
    await userEvent.type(within(dialog).getByLabelText('Learning rate'), '0.0001')
    await userEvent.type(within(dialog).getByLabelText('D learning rate'), '0.0003')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Resume from epoch 2' }))
    await waitFor(() =>
      expect(fakeStudio.callsOf('runs.resume')).toEqual([
        { runId: 1, checkpointId: 11, learningRate: 0.0001, dLearningRate: 0.0003 },
      ]),
    )
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('keeps the dialog open with the reason when resuming fails', async () => {
    fakeStudio.handle('runs.resume', () => {
      throw new StudioError('CONFLICT', 'The chosen checkpoint of run 1 is missing from disk.')
    })
    render(<CheckpointTable run={runDetail()} />)
    await userEvent.click(screen.getByRole('button', { name: 'Resume from epoch 3' }))
    const dialog = await screen.findByRole('dialog')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Resume from epoch 3' }))
    expect(await within(dialog).findByText('The chosen checkpoint of run 1 is missing from disk.')).toBeTruthy()
    expect(within(dialog).getByText('Could not resume')).toBeTruthy()
  })

  it('offers no resume while the run trains', async () => {
    render(<CheckpointTable run={runDetail({ status: 'running' })} />)
    const button = screen.getByRole('button', { name: 'Resume from epoch 2' })
    expect(button.getAttribute('aria-disabled')).toBe('true')
    await userEvent.click(button)
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('marks a checkpoint to be kept and releases a kept one, per checkpoint', async () => {
    fakeStudio.handle('runs.keepCheckpoint', ({ checkpointId, kept }) => ({
      ...runDetail().checkpoints.find((c) => c.id === checkpointId)!,
      kept,
    }))
    const run = runDetail()
    run.checkpoints[2] = { ...run.checkpoints[2]!, kept: true }
    render(<CheckpointTable run={run} />)
    const keepTwo = screen.getByRole('checkbox', { name: 'Keep epoch 2' }) as HTMLInputElement
    const keepFour = screen.getByRole('checkbox', { name: 'Keep epoch 4' }) as HTMLInputElement
    expect([keepTwo.checked, keepFour.checked]).toEqual([false, true])
    await userEvent.click(keepTwo)
    await userEvent.click(keepFour)
    await waitFor(() =>
      expect(fakeStudio.callsOf('runs.keepCheckpoint')).toEqual([
        { runId: 1, checkpointId: 11, kept: true },
        { runId: 1, checkpointId: 13, kept: false },
      ]),
    )
  })
})
