// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { datasetDetail } from '../../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor } from '../../../test-utils/render'
import { CopiesAction } from './CopiesAction'

const withCopies = (excludedCopyCount: number) =>
  datasetDetail({
    id: 4,
    duplicateCount: 2,
    nearDuplicateCount: 1,
    excludedCount: excludedCopyCount,
    excludedCopyCount,
  })

describe('CopiesAction', () => {
  it('says the copies are left out of training, and brings them all back in one click', async () => {
    fakeStudio.answer('datasets.setCopiesExcluded', { changed: 3 })
    render(<CopiesAction dataset={withCopies(3)} />)
    expect(screen.getByTestId('copies-action').textContent).toBe(
      'All 3 duplicates and near-duplicates are left out of training.Include all duplicates',
    )
    await userEvent.click(screen.getByRole('button', { name: 'Include all duplicates' }))
    await waitFor(() =>
      expect(fakeStudio.callsOf('datasets.setCopiesExcluded')).toEqual([{ datasetId: 4, excluded: false }]),
    )
  })

  it('offers to leave them all out once any is back in training', async () => {
    fakeStudio.answer('datasets.setCopiesExcluded', { changed: 1 })
    const { rerender } = render(<CopiesAction dataset={withCopies(2)} />)
    expect(screen.getByTestId('copies-action').textContent).toBe(
      '2 of 3 duplicates and near-duplicates left out of training.Exclude all duplicates',
    )
    await userEvent.click(screen.getByRole('button', { name: 'Exclude all duplicates' }))
    await waitFor(() =>
      expect(fakeStudio.callsOf('datasets.setCopiesExcluded')).toEqual([{ datasetId: 4, excluded: true }]),
    )
    rerender(<CopiesAction dataset={withCopies(0)} />)
    expect(screen.getByTestId('copies-action').textContent).toBe(
      'All 3 duplicates and near-duplicates are used for training.Exclude all duplicates',
    )
  })

  it('shows nothing for a dataset without copies', () => {
    render(<CopiesAction dataset={datasetDetail()} />)
    expect(screen.queryByTestId('copies-action')).toBeNull()
  })
})
