// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { StudioError } from '../../../../src-shared/contract/errors'
import { runSummary } from '../../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor } from '../../../test-utils/render'
import { TrainMore } from './TrainMore'

describe('TrainMore', () => {
  it('trains a finished run N more epochs: resumes it to the new total', async () => {
    fakeStudio.answer('runs.resume', runSummary({ status: 'running', epoch: 10, epochs: 15 }))
    render(<TrainMore run={runSummary({ status: 'finished', epoch: 10, epochs: 10 })} />)
    await userEvent.clear(screen.getByLabelText('More epochs'))
    await userEvent.type(screen.getByLabelText('More epochs'), '5')
    expect(screen.getByText('to 15 in all, from the last checkpoint')).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Train 5 more epochs' }))
    await waitFor(() => expect(fakeStudio.callsOf('runs.resume')).toEqual([{ runId: 1, epochs: 15 }]))
  })

  it('is offered for a stopped run too, and says why when the studio refuses', async () => {
    fakeStudio.handle('runs.resume', () => {
      throw new StudioError('CONFLICT', 'The last checkpoint of run 1 is missing from disk.')
    })
    render(<TrainMore run={runSummary({ status: 'stopped', epoch: 4, epochs: 10 })} />)
    await userEvent.click(screen.getByRole('button', { name: 'Train 5 more epochs' }))
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not train further: The last checkpoint of run 1 is missing from disk.',
    )
  })

  it('is not offered while the run trains', () => {
    render(<TrainMore run={runSummary({ status: 'running' })} />)
    expect(screen.queryByTestId('train-more')).toBeNull()
  })
})
