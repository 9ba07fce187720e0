// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { runSummary } from '../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor } from '../../test-utils/render'
import { dismissCurrentExport, trackExport } from '../../pages/ExportPage/currentExport'
import { RunningJobs } from './RunningJobs'

describe('RunningJobs', () => {
  it('counts the runs training and this window’s export, links to each, and goes when they end', async () => {
    fakeStudio.answer('runs.list', [
      runSummary({ id: 1, name: 'Evening run', status: 'running', epoch: 3 }),
      runSummary({ id: 2, name: 'Old run', status: 'finished' }),
    ])
    render(<RunningJobs />)
    const indicator = await screen.findByTestId('running-jobs')
    expect(indicator.textContent).toBe('1 running')

    trackExport('export-1', '16 images from Demo faces', 'exports')
    await waitFor(() => expect(indicator.textContent).toBe('2 running'))
    await userEvent.click(indicator)
    const run = await screen.findByRole('menuitem', { name: /Evening run/, hidden: true })
    expect(run.getAttribute('href')).toBe('#/runs/1')
    expect(run.textContent).toContain('epoch 3 / 10')
    expect(screen.getByRole('menuitem', { name: /16 images from Demo faces/, hidden: true }).getAttribute('href')).toBe(
      '#/export',
    )
    expect(screen.queryByRole('menuitem', { name: /Old run/, hidden: true })).toBeNull()

    dismissCurrentExport()
    fakeStudio.emit('runs.changed', runSummary({ id: 1, name: 'Evening run', status: 'finished', epoch: 10 }))
    await waitFor(() => expect(screen.queryByTestId('running-jobs')).toBeNull())
  })
})
