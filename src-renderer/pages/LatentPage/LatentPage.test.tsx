// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { StudioError } from '../../../src-shared/contract/errors'
import { runDetail, runSummary } from '../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor, within } from '../../test-utils/render'
import { LatentPage } from './LatentPage'

describe('LatentPage', () => {
  it('says what failed to load, and loads again on request', async () => {
    let attempts = 0
    fakeStudio.handle('runs.list', () => {
      if (++attempts === 1) throw new StudioError('UNAVAILABLE', 'The studio database is busy.')
      return []
    })
    render(<LatentPage />)
    expect(screen.getByRole('status').textContent).toContain('Loading runs…')
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not load the runs')
    expect(alert.textContent).toContain('The studio database is busy.')
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('heading', { name: 'No trained generator yet' })).toBeTruthy()
  })

  it('waits for a run with a trained epoch', async () => {
    fakeStudio.answer('runs.list', [runSummary({ epoch: 0, status: 'running' })])
    render(<LatentPage />)
    expect(await screen.findByRole('heading', { name: 'No trained generator yet' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Go to runs' }).getAttribute('href')).toBe('#/runs')
  })

  it('says so when the run has no checkpoint left to load', async () => {
    fakeStudio.answer('runs.list', [runSummary()])
    fakeStudio.answer('runs.get', runDetail({ checkpoints: [] }))
    render(<LatentPage />)
    expect(await screen.findByRole('heading', { name: 'No checkpoint on disk' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Open the run' }).getAttribute('href')).toBe('#/runs/1')
  })

  it("asks for raw G's weights when the switch is on, and for the EMA's again when it is off", async () => {
    fakeStudio.answer('runs.list', [runSummary()])
    fakeStudio.answer('runs.get', runDetail())
    // no generator in jsdom: the calls are what this is about
    fakeStudio.handle('latent.model', () => {
      throw new StudioError('UNAVAILABLE', 'No generator in this test.')
    })
    render(<LatentPage />)
    const rawSwitch = await screen.findByRole('switch', { name: /Raw G/ })
    await waitFor(() => expect(fakeStudio.callsOf('latent.model')).toEqual([{ runId: 1, checkpointId: 13 }]))
    await userEvent.click(rawSwitch)
    await waitFor(() =>
      expect(fakeStudio.callsOf('latent.model').at(-1)).toEqual({ runId: 1, checkpointId: 13, raw: true }),
    )
    await userEvent.click(rawSwitch)
    await waitFor(() => expect(fakeStudio.callsOf('latent.model').at(-1)).toEqual({ runId: 1, checkpointId: 13 }))
  })

  it("opens on the best epoch's checkpoint, and on the newest before an epoch was scored", async () => {
    fakeStudio.answer('runs.list', [runSummary({ id: 1 }), runSummary({ id: 2, name: 'Unscored' })])
    fakeStudio.handle('runs.get', ({ runId }) =>
      runId === 1 ? runDetail({ id: 1, bestEpoch: 3, bestSwd: 40.5 }) : runDetail({ id: 2, name: 'Unscored' }),
    )
    window.location.hash = '#/latent/1'
    const { unmount } = render(<LatentPage />)
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Checkpoint' }) as HTMLInputElement).value).toBe(
        'Best (epoch 3, SWD 40.5)',
      ),
    )
    unmount()
    window.location.hash = '#/latent/2'
    render(<LatentPage />)
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Checkpoint' }) as HTMLInputElement).value).toBe('Newest (epoch 4)'),
    )
  })

  it("says why the run's checkpoints could not be read, under the run and checkpoint choice", async () => {
    fakeStudio.answer('runs.list', [runSummary()])
    fakeStudio.handle('runs.get', () => {
      throw new StudioError('NOT_FOUND', 'There is no run 1.')
    })
    render(<LatentPage />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not load the run')
    expect(alert.textContent).toContain('There is no run 1.')
    expect(screen.getByRole('combobox', { name: 'Run' })).toBeTruthy()
  })
})
