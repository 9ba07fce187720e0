// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { StudioError } from '../../../../src-shared/contract/errors'
import { datasetDetail } from '../../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor } from '../../../test-utils/render'
import { DatasetName } from './DatasetName'

describe('DatasetName', () => {
  it('renames in place, and shows why a name is refused without losing what was typed', async () => {
    fakeStudio.handle('datasets.rename', ({ name }) => {
      if (name === 'Taken')
        throw new StudioError('CONFLICT', 'A dataset named "Taken" already exists: choose another name.')
      return datasetDetail({ name })
    })
    render(<DatasetName dataset={datasetDetail({ id: 3, name: 'Faces' })} />)
    expect(screen.getByRole('heading', { name: 'Faces' })).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Rename' }))
    const input = screen.getByRole('textbox', { name: 'Dataset name' })
    await userEvent.clear(input)
    await userEvent.type(input, 'Taken{Enter}')
    expect(await screen.findByText('A dataset named "Taken" already exists: choose another name.')).toBeTruthy()
    expect((input as HTMLInputElement).value).toBe('Taken')

    await userEvent.clear(input)
    await userEvent.type(input, '  Portraits ')
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.queryByRole('textbox')).toBeNull())
    expect(fakeStudio.callsOf('datasets.rename')).toEqual([
      { datasetId: 3, name: 'Taken' },
      { datasetId: 3, name: 'Portraits' },
    ])
  })

  it('leaves the name as it was on Escape, without asking main', async () => {
    render(<DatasetName dataset={datasetDetail({ name: 'Faces' })} />)
    await userEvent.click(screen.getByRole('button', { name: 'Rename' }))
    await userEvent.type(screen.getByRole('textbox', { name: 'Dataset name' }), ' 2{Escape}')
    expect(screen.getByRole('heading', { name: 'Faces' })).toBeTruthy()
    expect(fakeStudio.callsOf('datasets.rename')).toEqual([])
  })
})
