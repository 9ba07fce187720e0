// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { StudioError } from '../../../src-shared/contract/errors'
import { runDetail, runSummary } from '../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor, within } from '../../test-utils/render'
import { RunsPage } from './RunsPage'

const rowOf = (name: string) => screen.getAllByTestId('run-row').find((row) => row.textContent?.includes(name))!

describe('RunsPage', () => {
  it('lists every run with its status, reason, epochs and latest losses', async () => {
    fakeStudio.answer('runs.list', [
      runSummary({ id: 2, name: 'Second run', status: 'failed', statusReason: 'D loss became NaN at step 40.' }),
      runSummary({ id: 1, name: 'First run', status: 'running' }),
    ])
    render(<RunsPage />)
    expect(screen.getByRole('status').textContent).toContain('Loading runs…')
    await screen.findAllByTestId('run-row')
    const failed = rowOf('Second run')
    expect(within(failed).getByTestId('run-status').textContent).toBe('failed')
    expect(failed.textContent).toContain('D loss became NaN at step 40.')
    expect(within(failed).getByRole('button', { name: 'Retry' })).toBeTruthy()
    const running = rowOf('First run')
    expect(running.textContent).toContain('4 / 10')
    expect(running.textContent).toContain('D 0.700 · G 1.600')
    expect(within(running).getByRole('button', { name: 'Pause' })).toBeTruthy()
    expect(within(running).getByRole('link', { name: 'First run' }).getAttribute('href')).toBe('#/runs/1')
  })

  it('follows contract events without asking again: status changes, live losses and ETA, removal', async () => {
    fakeStudio.answer('runs.list', [
      runSummary({ id: 1, name: 'First run', status: 'running' }),
      runSummary({ id: 2, name: 'Second run' }),
    ])
    render(<RunsPage />)
    await screen.findAllByTestId('run-row')

    fakeStudio.emit('runs.steps', {
      runId: 1,
      steps: [13, 14].map((step) => ({ step, epoch: 4, dLoss: 0.5, gLoss: 2.25, dReal: 0.6, dFake: 0.3, stepMs: 100 })),
    })
    await waitFor(() => expect(rowOf('First run').textContent).toContain('D 0.500 · G 2.250'))
    // 30 steps planned, 14 done, 100 ms each.
    expect(within(rowOf('First run')).getByTestId('run-eta').textContent).toBe('2 s')

    fakeStudio.emit('runs.changed', runSummary({ id: 1, name: 'First run', status: 'paused', step: 14 }))
    await waitFor(() => expect(within(rowOf('First run')).getByTestId('run-status').textContent).toBe('paused'))
    expect(within(rowOf('First run')).getByTestId('run-eta').textContent).toBe('—')

    fakeStudio.emit('runs.removed', { runId: 2 })
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(1))
    expect(fakeStudio.callsOf('runs.list')).toHaveLength(1)
  })

  it('edits a run’s notes and tags from the list, and shows its tags', async () => {
    fakeStudio.answer('runs.list', [runSummary()])
    fakeStudio.answer('runs.get', runDetail({ notes: 'lr too high?' }))
    fakeStudio.handle('runs.update', ({ tags }) => runSummary({ tags: tags ?? [] }))
    render(<RunsPage />)
    await screen.findAllByTestId('run-row')
    await userEvent.click(screen.getByRole('button', { name: 'More actions for First run' }))
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Notes and tags…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Notes and tags of "First run"' })
    const notes = await within(dialog).findByRole('textbox', { name: 'Notes' })
    expect((notes as HTMLTextAreaElement).value).toBe('lr too high?')
    await userEvent.type(notes, ' Yes: halve it.')
    await userEvent.type(within(dialog).getByLabelText('Tags'), 'baseline{Enter}')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save notes' }))
    await waitFor(() =>
      expect(fakeStudio.callsOf('runs.update')).toEqual([
        { runId: 1, notes: 'lr too high? Yes: halve it.', tags: ['baseline'] },
      ]),
    )
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())

    fakeStudio.emit('runs.changed', runSummary({ tags: ['baseline'] }))
    await waitFor(() => expect(within(rowOf('First run')).getByTestId('run-tags').textContent).toBe('baseline'))
  })

  it('invites a first run when there is none', async () => {
    fakeStudio.answer('runs.list', [])
    render(<RunsPage />)
    expect(await screen.findByRole('heading', { name: 'No runs yet' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'New run' })).toBeTruthy()
  })

  it('says what failed to load, and loads again on request', async () => {
    let attempts = 0
    fakeStudio.handle('runs.list', () => {
      if (++attempts === 1) throw new StudioError('UNAVAILABLE', 'The studio database is busy.')
      return [runSummary()]
    })
    render(<RunsPage />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not load the runs')
    expect(alert.textContent).toContain('The studio database is busy.')
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }))
    expect(await screen.findAllByTestId('run-row')).toHaveLength(1)
  })
})
