// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { runDetail, runSummary } from '../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor } from '../../test-utils/render'
import { ExportPage } from './ExportPage'

describe('the Export page’s destination folder', () => {
  it('is kept per run, across leaving the page and coming back', async () => {
    fakeStudio.answer('app.info', {
      name: 'DCGAN Studio',
      version: '0.1.0',
      mode: 'browser',
      platform: 'linux',
      schemaVersion: 6,
    })
    fakeStudio.answer('runs.list', [
      runSummary({ id: 1, name: 'First run' }),
      runSummary({ id: 2, name: 'Second run' }),
    ])
    fakeStudio.handle('runs.get', ({ runId }) => runDetail({ id: runId }))
    fakeStudio.answer('folders.grantPath', { grantId: 'grant-1', label: '/home/me/out', kind: 'folder' })
    const first = render(<ExportPage />)
    await userEvent.type(await screen.findByLabelText('Folder on the studio machine'), '/home/me/out')
    await userEvent.click(screen.getByRole('button', { name: 'Use this folder' }))
    await screen.findByText('/home/me/out')
    first.unmount()

    render(<ExportPage />)
    expect(await screen.findByText('/home/me/out')).toBeTruthy()
    // Another run has its own destination (none yet)...
    await userEvent.click(screen.getByRole('combobox', { name: 'Run' }))
    await userEvent.click(await screen.findByRole('option', { name: /Second run/, hidden: true }))
    await waitFor(() => expect(screen.queryByText('/home/me/out')).toBeNull())
    expect(screen.getByLabelText('Folder on the studio machine')).toBeTruthy()
    // ...and the first run's comes back with it.
    await userEvent.click(screen.getByRole('combobox', { name: 'Run' }))
    await userEvent.click(await screen.findByRole('option', { name: /First run/, hidden: true }))
    expect(await screen.findByText('/home/me/out')).toBeTruthy()
  })
})
