// @vitest-environment jsdom
import { fireEvent } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppInfo } from '../../../../src-shared/contract/channels'
import type { FolderGrant } from '../../../../src-shared/contract/datasets'
import type { Reply } from '../../../../src-shared/contract/errors'
import { fakeStudioApi } from '../../../test-utils/fakeStudio'
import { fakeStudio, render, screen, userEvent, within } from '../../../test-utils/render'
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
  fireEvent.drop(await screen.findByRole('heading', { name: 'Datasets' }), { dataTransfer: { types: ['Files'], files } })
  return screen.findByRole('dialog')
}

describe('DatasetList: dropping on the page', () => {
  it('desktop app: hands every dropped file to the preload and imports the grant it gets back', async () => {
    answerStudio('electron')
    fakeStudio.answer('datasets.import', { importId: 'import-1' })
    const handed = desktopDrops({ ok: true, value: { grantId: 'grant-7', label: '2 files from Pictures', kind: 'files' } })
    render(<DatasetList />)

    const dialog = await dropOnPage(['a.jpg', 'b.jpg'])
    expect(handed).toEqual([['a.jpg', 'b.jpg']])
    expect(await within(dialog).findByRole('heading', { name: 'Import dropped photos' })).toBeTruthy()
    expect((await within(dialog).findByText('2 files from Pictures')).textContent).toBe('Photos: 2 files from Pictures')
    expect((within(dialog).getByLabelText(/Dataset name/) as HTMLInputElement).value).toBe('2 files from Pictures')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Import' }))
    expect(fakeStudio.callsOf('datasets.import')).toEqual([{ grantId: 'grant-7', name: '2 files from Pictures', sizes: [32, 64] }])
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
