// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest'
import { StudioError } from '../../../src-shared/contract/errors'
import { fakeStudio, render, screen, userEvent, within } from '../../test-utils/render'
import { FolderChooser } from './FolderChooser'

const EMPTY =
  '/home/me/empty is empty: it holds no files (hidden ones are skipped). Choose the folder your photos are in.'

describe('FolderChooser: an empty photo folder is refused at the path step, inline', () => {
  it('browser mode: the refusal shows under the path field, nothing is granted, and a corrected path goes on', async () => {
    fakeStudio.handle('folders.grantPath', ({ path }) => {
      if (path === '/home/me/empty') throw new StudioError('VALIDATION', EMPTY)
      return { grantId: 'grant-1', label: 'faces', kind: 'folder' }
    })
    const onChange = vi.fn()
    render(<FolderChooser browserMode grant={null} onChange={onChange} purpose="a folder of photos" use="photos" />)

    const field = screen.getByLabelText('Folder on the studio machine')
    await userEvent.type(field, '/home/me/empty')
    await userEvent.click(screen.getByRole('button', { name: 'Use this folder' }))
    expect(await screen.findByText(EMPTY)).toBeTruthy()
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(onChange).not.toHaveBeenCalled()

    await userEvent.clear(field)
    await userEvent.type(field, '/home/me/faces')
    await userEvent.click(screen.getByRole('button', { name: 'Use this folder' }))
    expect(onChange).toHaveBeenCalledWith({ grantId: 'grant-1', label: 'faces', kind: 'folder' })
    expect(screen.queryByText(EMPTY)).toBeNull()
  })

  it('desktop app: a refused folder from the dialog is an inline alert beside the button, not a toast', async () => {
    fakeStudio.handle('folders.pick', () => {
      throw new StudioError('VALIDATION', EMPTY)
    })
    const onChange = vi.fn()
    render(
      <FolderChooser browserMode={false} grant={null} onChange={onChange} purpose="a folder of photos" use="photos" />,
    )
    const button = screen.getByRole('button', { name: 'Choose a folder…' })
    await userEvent.click(button)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain(EMPTY)
    expect(button.parentElement!.contains(alert)).toBe(true)
    expect(within(alert).queryByRole('button')).toBeNull()
    expect(onChange).not.toHaveBeenCalled()
  })
})
