// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { StudioError } from '../../../../src-shared/contract/errors'
import { datasetDetail } from '../../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, within } from '../../../test-utils/render'
import { DeleteDatasetButton } from './DeleteDatasetButton'

describe('DeleteDatasetButton', () => {
  it('says what goes and that a dataset runs use cannot be deleted; shows the refusal and keeps the dialog open', async () => {
    const refusal = "This dataset is used by 1 run: delete that run first; runs train on the dataset's own cache."
    fakeStudio.handle('datasets.delete', () => {
      throw new StudioError('CONFLICT', refusal)
    })
    window.location.hash = '#/datasets/1'
    render(<DeleteDatasetButton dataset={datasetDetail({ name: 'Faces', imageCount: 48, rejectedCount: 1 })} />)
    await userEvent.click(screen.getByRole('button', { name: 'Delete dataset' }))
    const dialog = await screen.findByRole('dialog', { name: 'Delete "Faces"?' })
    expect(dialog.textContent).toContain('its 48 images, prepared at 32 · 64 px, and their thumbnails')
    expect(dialog.textContent).toContain('the list of 1 rejected file')
    expect(dialog.textContent).toContain('a dataset that runs use cannot be deleted until those runs are')

    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }))
    const alert = await within(dialog).findByRole('alert')
    expect(alert.textContent).toBe(`This dataset is in use${refusal}`)
    expect(fakeStudio.callsOf('datasets.delete')).toEqual([{ datasetId: 1 }])
    expect(window.location.hash).toBe('#/datasets/1')
  })

  it('deletes after the confirmation and goes back to the list', async () => {
    fakeStudio.answer('datasets.delete', { freedBytes: 2048 })
    window.location.hash = '#/datasets/1'
    render(<DeleteDatasetButton dataset={datasetDetail({ name: 'Faces' })} />)
    await userEvent.click(screen.getByRole('button', { name: 'Delete dataset' }))
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }))
    expect(fakeStudio.callsOf('datasets.delete')).toEqual([{ datasetId: 1 }])
    await expect.poll(() => window.location.hash).toBe('#/datasets')
  })
})
