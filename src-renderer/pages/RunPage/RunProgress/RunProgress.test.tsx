// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { runDetail } from '../../../test-utils/fixtures'
import { fakeStudio, render, screen, waitFor, within } from '../../../test-utils/render'
import { RunHeader } from '../RunHeader/RunHeader'

describe('the progress of a run, in its page’s header', () => {
  it('shows the epoch and step of those planned, and the time left once step times arrive', async () => {
    render(<RunHeader run={runDetail({ status: 'running', epoch: 4, epochs: 10, step: 12, stepsPerEpoch: 3 })} />)
    const bar = screen.getByRole('progressbar', { name: 'Training progress of First run' })
    expect(bar.getAttribute('aria-valuenow')).toBe('40')
    expect(bar.getAttribute('aria-valuetext')).toBe('40%, epoch 4 of 10, step 12 of 30, estimating the time left')

    // 18 steps left at 100 ms each.
    fakeStudio.emit('runs.steps', {
      runId: 1,
      steps: [{ step: 12, epoch: 4, dLoss: 0.5, gLoss: 2, dReal: 0.6, dFake: 0.3, stepMs: 100 }],
    })
    await waitFor(() => expect(bar.getAttribute('aria-valuetext')).toBe('40%, epoch 4 of 10, step 12 of 30, 2 s left'))
    expect(within(screen.getByTestId('run-progress')).getByText('2 s left')).toBeTruthy()
  })

  it('shows how far a stopped run got, without a time left', () => {
    render(<RunHeader run={runDetail({ status: 'stopped', epoch: 4, epochs: 10, step: 12, stepsPerEpoch: 3 })} />)
    expect(
      screen.getByRole('progressbar', { name: 'Training progress of First run' }).getAttribute('aria-valuetext'),
    ).toBe('40%, epoch 4 of 10, step 12 of 30')
  })
})
