// @vitest-environment jsdom
import { Modal } from '@mantine/core'
import { describe, expect, it } from 'vitest'
import { datasetDetail } from '../../../test-utils/fixtures'
import { render, screen, userEvent } from '../../../test-utils/render'
import { DatasetCard } from './DatasetCard'

describe('keyboard use of cards and dialogs', () => {
  it('a dataset card takes focus with a visible ring and opens on Enter or Space', async () => {
    window.location.hash = '#/datasets'
    render(<DatasetCard dataset={datasetDetail({ id: 4 })} />)
    await userEvent.tab()
    const card = screen.getByTestId('dataset-card')
    expect(document.activeElement).toBe(card)
    expect(card.classList).toContain('mantine-focus-auto')
    await userEvent.keyboard(' ')
    expect(window.location.hash).toBe('#/datasets/4')
    window.location.hash = '#/datasets'
    await userEvent.keyboard('{Enter}')
    expect(window.location.hash).toBe('#/datasets/4')
  })

  it('a dialog’s close button is named', async () => {
    render(
      <Modal opened onClose={() => {}} title="New run">
        body
      </Modal>,
    )
    expect(await screen.findByRole('button', { name: 'Close' })).toBeTruthy()
  })
})
