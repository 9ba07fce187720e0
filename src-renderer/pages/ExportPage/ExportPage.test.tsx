// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { StudioError } from '../../../src-shared/contract/errors'
import type { ExportFinished } from '../../../src-shared/contract/exports'
import { runDetail, runSummary } from '../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor, within } from '../../test-utils/render'
import { dismissCurrentExport } from './currentExport'
import { ExportPage } from './ExportPage'

// the export this window started lives outside React: each test starts without one
afterEach(dismissCurrentExport)

function answerStudio() {
  fakeStudio.answer('app.info', {
    name: 'DCGAN Studio',
    version: '0.1.0',
    mode: 'browser',
    platform: 'linux',
    schemaVersion: 6,
  })
  fakeStudio.answer('runs.list', [runSummary()])
  fakeStudio.answer('runs.get', runDetail())
  fakeStudio.answer('folders.grantPath', { grantId: 'grant-1', label: '/home/me/out', kind: 'folder' })
}

async function chooseFolder() {
  await userEvent.type(await screen.findByLabelText('Folder on the studio machine'), '/home/me/out')
  await userEvent.click(screen.getByRole('button', { name: 'Use this folder' }))
  await screen.findByText('/home/me/out')
}

const finished = (
  outcome: ExportFinished['outcome'],
  message: string,
  kind: ExportFinished['kind'] = 'images',
): ExportFinished => ({
  exportId: 'export-1',
  runId: 1,
  kind,
  outcome,
  output: null,
  files: [],
  bytes: 0,
  message,
})

describe('ExportPage', () => {
  it('offers every kind of export, with the GIF as a keyframe loop or the training progress', async () => {
    answerStudio()
    render(<ExportPage />)
    for (const kind of ['Images', 'Zip', 'Sprite sheet', 'Animated GIF', 'Model'])
      expect(await screen.findByRole('radio', { name: kind })).toBeTruthy()
    await userEvent.click(screen.getByRole('radio', { name: 'Animated GIF' }))
    expect(screen.getByRole('radio', { name: 'Interpolation loop' })).toBeTruthy()
    expect(screen.getByLabelText('Keyframes')).toBeTruthy()
    await userEvent.click(screen.getByRole('radio', { name: 'Training progress' }))
    expect(screen.queryByLabelText('Keyframes')).toBeNull()
    expect(screen.getByText('A progress GIF uses the stored faces of every epoch.')).toBeTruthy()
    // its size and caption are said before it is made
    expect(screen.getByTestId('progress-gif-note').textContent).toMatch(
      /about 512 px wide, each frame captioned with its epoch/,
    )
  })

  it('starts an export into the granted folder, shows its progress, and cancels it', async () => {
    answerStudio()
    fakeStudio.answer('exports.start', { exportId: 'export-1' })
    fakeStudio.answer('exports.cancel', { cancelled: true })
    render(<ExportPage />)
    await userEvent.clear(await screen.findByLabelText('Number of images'))
    await userEvent.type(screen.getByLabelText('Number of images'), '16')
    await chooseFolder()
    await userEvent.click(screen.getByRole('button', { name: 'Export' }))
    await waitFor(() =>
      expect(fakeStudio.callsOf('exports.start')).toEqual([
        { runId: 1, grantId: 'grant-1', kind: 'images', count: 16 },
      ]),
    )

    const progress = await screen.findByTestId('export-progress')
    expect(progress.textContent).toContain('Exporting 16 images from "First run"')
    fakeStudio.emit('exports.progress', { exportId: 'export-1', phase: 'generating', done: 3, total: 16 })
    await waitFor(() => expect(progress.textContent).toContain('3 / 16'))
    expect(progress.textContent).toContain('Generating')
    // one export at a time, and the one running is named as this window's own
    expect(screen.getByRole('button', { name: 'Export' }).hasAttribute('disabled')).toBe(true)
    expect(screen.getByText(/Your export of 16 images from "First run" is still running/)).toBeTruthy()
    expect(screen.queryByText(/Another export/)).toBeNull()

    await userEvent.click(within(progress).getByRole('button', { name: 'Cancel' }))
    expect(fakeStudio.callsOf('exports.cancel')).toEqual([{ exportId: 'export-1' }])
    fakeStudio.emit('exports.finished', finished('cancelled', 'Export cancelled: nothing was written.'))
    const result = await screen.findByTestId('export-result')
    expect(result.textContent).toContain('Export cancelled')
    expect(result.textContent).toContain('nothing was written')
  })

  it("exports with raw G's weights when the switch is on", async () => {
    answerStudio()
    fakeStudio.answer('exports.start', { exportId: 'export-1' })
    render(<ExportPage />)
    await userEvent.click(await screen.findByRole('switch', { name: /Raw G/ }))
    await chooseFolder()
    await userEvent.click(screen.getByRole('button', { name: 'Export' }))
    await waitFor(() =>
      expect(fakeStudio.callsOf('exports.start')).toEqual([expect.objectContaining({ kind: 'images', raw: true })]),
    )
  })

  it("offers the best epoch's checkpoint first, and the nearest kept one when that was pruned, saying so", async () => {
    answerStudio()
    fakeStudio.answer('runs.get', runDetail({ bestEpoch: 3, bestSwd: 40.5 }))
    fakeStudio.answer('exports.start', { exportId: 'export-1' })
    const { unmount } = render(<ExportPage />)
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Checkpoint' }) as HTMLInputElement).value).toBe(
        'Best (epoch 3, SWD 40.5)',
      ),
    )
    expect(screen.queryByTestId('best-checkpoint-note')).toBeNull()
    await chooseFolder()
    await userEvent.click(screen.getByRole('button', { name: 'Export' }))
    await waitFor(() =>
      expect(fakeStudio.callsOf('exports.start')).toEqual([expect.objectContaining({ checkpointId: 12 })]),
    )
    unmount()
    dismissCurrentExport()

    fakeStudio.answer('runs.get', runDetail({ bestEpoch: 1, bestSwd: 38 }))
    render(<ExportPage />)
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Checkpoint' }) as HTMLInputElement).value).toBe(
        'Nearest to the best (epoch 2; best was 1)',
      ),
    )
    expect(screen.getByTestId('best-checkpoint-note').textContent).toMatch(
      /Epoch 1 scored best \(SWD 38\.0\), but its checkpoint was not kept: epoch 2 is the nearest/,
    )
  })

  it('offers the finished export as a download in browser mode: a folder as a zip, a GIF as itself', async () => {
    answerStudio()
    fakeStudio.answer('exports.start', { exportId: 'export-1' })
    render(<ExportPage />)
    await chooseFolder()
    expect(fakeStudio.callsOf('folders.grantPath')).toEqual([{ path: '/home/me/out', purpose: 'export' }])
    await userEvent.click(screen.getByRole('button', { name: 'Export' }))
    await screen.findByTestId('export-progress')
    fakeStudio.emit('exports.finished', {
      ...finished('exported', 'Exported 2 files.'),
      output: 'faces-1',
      files: ['faces-1/sample-0001.png', 'faces-1/manifest.json'],
      bytes: 2048,
    })
    const zip = await screen.findByRole('link', { name: 'Download as zip' })
    expect(zip.getAttribute('href')).toBe('/download/export-1')
    expect(zip.hasAttribute('download')).toBe(true)

    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    fakeStudio.answer('exports.start', { exportId: 'export-2' })
    await userEvent.click(screen.getByRole('button', { name: 'Export' }))
    await screen.findByTestId('export-progress')
    fakeStudio.emit('exports.finished', {
      ...finished('exported', 'Exported 1 file.', 'gif'),
      exportId: 'export-2',
      output: 'loop.gif',
      files: ['loop.gif'],
      bytes: 1024,
    })
    expect((await screen.findByRole('link', { name: 'Download' })).getAttribute('href')).toBe('/download/export-2')
  })

  it('says clearly why an export could not start, or failed', async () => {
    answerStudio()
    let starts = 0
    fakeStudio.handle('exports.start', () => {
      if (++starts === 1) throw new StudioError('NOT_FOUND', 'Run 1 has no checkpoint 99.')
      return { exportId: 'export-1' }
    })
    render(<ExportPage />)
    await chooseFolder()
    await userEvent.click(screen.getByRole('button', { name: 'Export' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not start the export')
    expect(alert.textContent).toContain('Run 1 has no checkpoint 99.')

    await userEvent.click(screen.getByRole('button', { name: 'Export' }))
    await screen.findByTestId('export-progress')
    fakeStudio.emit('exports.finished', finished('failed', 'The folder /home/me/out is read-only: choose another.'))
    const result = await screen.findByTestId('export-result')
    expect(result.textContent).toContain('Export failed')
    expect(result.textContent).toContain('is read-only: choose another.')
  })

  it('has designed loading, error and empty states', async () => {
    let attempts = 0
    fakeStudio.answer('app.info', {
      name: 'DCGAN Studio',
      version: '0.1.0',
      mode: 'browser',
      platform: 'linux',
      schemaVersion: 6,
    })
    fakeStudio.handle('runs.list', () => {
      if (++attempts === 1) throw new StudioError('UNAVAILABLE', 'The studio database is busy.')
      return []
    })
    render(<ExportPage />)
    expect(screen.getByRole('status').textContent).toContain('Loading runs…')
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not load the runs')
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('heading', { name: 'Nothing to export yet' })).toBeTruthy()
  })
})
