// @vitest-environment jsdom
import { Notifications } from '@mantine/notifications'
import { fireEvent } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppInfo } from '../../../../src-shared/contract/channels'
import type { FolderGrant } from '../../../../src-shared/contract/datasets'
import { StudioError, type Reply } from '../../../../src-shared/contract/errors'
import { fakeStudioApi } from '../../../test-utils/fakeStudio'
import { datasetDetail, runSummary } from '../../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor, within } from '../../../test-utils/render'
import { DatasetList } from './DatasetList'

afterEach(() => delete fakeStudioApi.grantDropped)

function answerStudio(mode: AppInfo['mode']) {
  fakeStudio.answer('app.info', { name: 'DCGAN Studio', version: '0.1.0', mode, platform: 'linux', schemaVersion: 6 })
  fakeStudio.answer('datasets.list', [])
}

/** The desktop preload's grantDropped, answering `reply` and keeping the names of the files it was handed. */
function desktopDrops(reply: Reply<FolderGrant>): string[][] {
  const handed: string[][] = []
  fakeStudioApi.grantDropped = async (files) => {
    handed.push(files.map((file) => file.name))
    return reply
  }
  return handed
}

async function dropOnPage(names: readonly string[]) {
  const files = names.map((name) => new File(['x'], name, { type: 'image/jpeg' }))
  fireEvent.drop(await screen.findByRole('heading', { name: 'Datasets' }), {
    dataTransfer: { types: ['Files'], files },
  })
  return screen.findByRole('dialog')
}

describe('DatasetList: dropping on the page', () => {
  it('desktop app: hands every dropped file to the preload and imports the grant it gets back', async () => {
    answerStudio('electron')
    fakeStudio.answer('datasets.import', { importId: 'import-1' })
    const handed = desktopDrops({
      ok: true,
      value: { grantId: 'grant-7', label: '2 files from Pictures', kind: 'files' },
    })
    render(<DatasetList />)

    const dialog = await dropOnPage(['a.jpg', 'b.jpg'])
    expect(handed).toEqual([['a.jpg', 'b.jpg']])
    expect(await within(dialog).findByRole('heading', { name: 'Import dropped photos' })).toBeTruthy()
    expect((await within(dialog).findByText('2 files from Pictures')).textContent).toBe('Photos: 2 files from Pictures')
    expect((within(dialog).getByLabelText(/Dataset name/) as HTMLInputElement).value).toBe('2 files from Pictures')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Import' }))
    expect(fakeStudio.callsOf('datasets.import')).toEqual([
      { grantId: 'grant-7', name: '2 files from Pictures', sizes: [32, 64] },
    ])
  })

  it('desktop app: shows why main refused the drop, and offers the folder dialog instead', async () => {
    answerStudio('electron')
    const message = '"Album" is a folder: drop one folder on its own, or only photo files, not both together.'
    desktopDrops({ ok: false, error: { code: 'VALIDATION', message } })
    render(<DatasetList />)

    const dialog = await dropOnPage(['Album', 'c.jpg'])
    const alert = await within(dialog).findByRole('alert')
    expect(alert.textContent).toBe(`Cannot import what was dropped${message} Or choose a folder with the button below.`)
    expect(within(dialog).getByRole('button', { name: 'Choose a folder…' })).toBeTruthy()
    expect(fakeStudio.callsOf('datasets.import')).toEqual([])
  })

  it('browser mode: says the browser cannot hand over dropped files, and asks for the folder path', async () => {
    answerStudio('browser')
    render(<DatasetList />)

    const dialog = await dropOnPage(['a.jpg'])
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      "The browser cannot hand the studio dropped files or foldersType the folder's path on the studio machine below.",
    )
    expect(within(dialog).getByLabelText('Folder on the studio machine')).toBeTruthy()
  })
})

describe('DatasetList: Try with sample faces', () => {
  it('on first open, the empty state offers the sample faces, and one click imports them as "Sample faces"', async () => {
    answerStudio('browser')
    fakeStudio.answer('datasets.importSampleFaces', { importId: 'import-9' })
    render(<DatasetList />)

    const empty = (await screen.findByRole('heading', { name: 'No datasets yet' })).parentElement!
    await userEvent.click(within(empty).getByRole('button', { name: 'Try with sample faces' }))
    expect(fakeStudio.callsOf('datasets.importSampleFaces')).toEqual([{ name: 'Sample faces' }])
    expect(fakeStudio.callsOf('datasets.import')).toEqual([])
  })

  it('beside "Make a demo dataset", picks a free name when "Sample faces" is taken', async () => {
    answerStudio('browser')
    fakeStudio.answer('datasets.list', [datasetDetail({ name: 'Sample faces' })])
    fakeStudio.answer('datasets.importSampleFaces', { importId: 'import-10' })
    render(<DatasetList />)

    const button = await screen.findByRole('button', { name: 'Try with sample faces' })
    expect(button.nextElementSibling?.textContent).toBe('Make a demo dataset')
    await userEvent.click(button)
    expect(fakeStudio.callsOf('datasets.importSampleFaces')).toEqual([{ name: 'Sample faces 2' }])
  })

  it('says why, when the studio cannot import them', async () => {
    answerStudio('browser')
    const message =
      'The sample faces are missing from this installation: there are no photos in /opt/studio/resources/sample-faces.'
    fakeStudio.handle('datasets.importSampleFaces', () => {
      throw new StudioError('UNAVAILABLE', message)
    })
    render(
      <>
        <Notifications />
        <DatasetList />
      </>,
    )

    await userEvent.click(await screen.findByRole('button', { name: 'Try with sample faces' }))
    expect((await screen.findByText(message)).textContent).toBe(message)
    expect(screen.getByText('Could not import the sample faces')).toBeTruthy()
  })
})

describe('DatasetList: New run', () => {
  it('is offered once there is a dataset, and starts a run on it in one more click, opening its page', async () => {
    answerStudio('browser')
    const {
      rejectedByCode: _rejected,
      cropUnavailable: _crop,
      ...dataset
    } = datasetDetail({ id: 4, name: 'Sample faces' })
    fakeStudio.answer('datasets.list', [dataset])
    fakeStudio.handle('runs.preflight', () => {
      throw new StudioError('UNAVAILABLE', 'not measured in this test')
    })
    fakeStudio.answer('runs.create', runSummary({ id: 12, status: 'running' }))
    window.location.hash = '#/datasets'
    render(<DatasetList />)

    await userEvent.click(await screen.findByRole('button', { name: 'New run' }))
    const dialog = await screen.findByRole('dialog', { name: 'New run' })
    await waitFor(() =>
      expect((within(dialog).getByRole('combobox', { name: 'Dataset' }) as HTMLInputElement).value).toContain(
        'Sample faces',
      ),
    )
    await userEvent.click(within(dialog).getByRole('button', { name: 'Start training' }))
    await waitFor(() => expect(window.location.hash).toBe('#/runs/12'))
    expect(fakeStudio.callsOf('runs.create')).toMatchObject([{ datasetId: 4 }])
  })

  it('is not offered before there is a dataset to train on', async () => {
    answerStudio('browser')
    render(<DatasetList />)
    await screen.findByRole('heading', { name: 'No datasets yet' })
    expect(screen.queryByRole('button', { name: 'New run' })).toBeNull()
  })
})
