// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { runDetail } from '../../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, within } from '../../../test-utils/render'
import { EpochGallery } from './EpochGallery'

const cells = Array.from({ length: 64 }, (_, cell) => `sample-${cell}`)

describe('EpochGallery by keyboard', () => {
  it('is one tab stop; the arrow keys move between faces and Enter follows one', async () => {
    fakeStudio.answer('runs.samples', [{ epoch: 1, step: 3, cells }])
    render(<EpochGallery run={runDetail({ status: 'stopped' })} />)
    const grid = await screen.findByRole('group', { name: /Faces at epoch 1/ })
    const faces = within(grid).getAllByRole('button')
    expect(faces.filter((face) => face.tabIndex === 0)).toHaveLength(1)

    await userEvent.click(screen.getByRole('slider', { name: 'Epoch' }))
    await userEvent.tab()
    expect(document.activeElement).toBe(faces[0])
    await userEvent.tab()
    expect(grid.contains(document.activeElement)).toBe(false)
    await userEvent.tab({ shift: true })
    expect(document.activeElement).toBe(faces[0])

    await userEvent.keyboard('{ArrowRight}{ArrowDown}')
    expect(document.activeElement).toBe(within(grid).getByRole('button', { name: 'Face 10: show it across epochs' }))
    await userEvent.keyboard('{End}')
    expect(document.activeElement).toBe(within(grid).getByRole('button', { name: 'Face 16: show it across epochs' }))
    await userEvent.keyboard('{Enter}')
    expect(document.activeElement?.getAttribute('aria-pressed')).toBe('true')
    // Tab comes back to the face last used.
    await userEvent.tab({ shift: true })
    await userEvent.tab()
    expect(document.activeElement).toBe(within(grid).getByRole('button', { name: 'Face 16: show it across epochs' }))
  })
})
