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

describe('EpochGallery: closest training photo', () => {
  it('shows a face beside its nearest training photo, by media id, when asked', async () => {
    fakeStudio.answer('runs.samples', [{ epoch: 2, step: 6, cells }])
    fakeStudio.answer('runs.closestPhoto', { faceMediaId: 'sample-5', photoMediaId: 'thumb-31', distance: 0.0123 })
    render(<EpochGallery run={runDetail({ status: 'stopped' })} />)
    await userEvent.click(await screen.findByRole('button', { name: 'Face 6: show it across epochs' }))
    expect(screen.queryByTestId('closest-photo')).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: 'Closest training photo' }))
    const view = await screen.findByTestId('closest-photo')
    expect(fakeStudio.callsOf('runs.closestPhoto')).toEqual([{ runId: 1, epoch: 2, cell: 5 }])
    expect(within(view).getByAltText('Closest training photo').getAttribute('src')).toBe('/media/thumb-31')
    expect(within(view).getByAltText('Face at epoch 2').getAttribute('src')).toBe('/media/sample-5')
    expect(view.textContent).toContain('Distance 0.012')
  })

  it('says so when the face was never compared (the grid before training)', async () => {
    fakeStudio.answer('runs.samples', [{ epoch: 0, step: 0, cells }])
    fakeStudio.answer('runs.closestPhoto', null)
    render(<EpochGallery run={runDetail({ status: 'stopped' })} />)
    await userEvent.click(await screen.findByRole('button', { name: 'Face 1: show it across epochs' }))
    await userEvent.click(screen.getByRole('button', { name: 'Closest training photo' }))
    expect(await screen.findByText(/were not compared with the training photos/)).toBeTruthy()
  })
})

describe('EpochGallery layout', () => {
  it("fills its card's width up to a screen-high square, with the chosen face's closest photo beside the grid", async () => {
    fakeStudio.answer('runs.samples', [{ epoch: 1, step: 3, cells }])
    render(<EpochGallery run={runDetail({ status: 'stopped' })} />)
    const grid = await screen.findByRole('group', { name: /Faces at epoch 1/ })
    // no fixed 560 px cap: that left half of a wide card empty
    expect(grid.style.maxWidth).toBe('')
    const column = grid.parentElement!
    expect(column.style.flex).toBe('1 1 360px')
    expect(column.style.maxWidth).toBe('min(100%, 72vh)')

    await userEvent.click(within(grid).getByRole('button', { name: 'Face 3: show it across epochs' }))
    const beside = screen.getByRole('button', { name: 'Closest training photo' })
    expect(screen.getByTestId('epoch-gallery-body').contains(beside)).toBe(true)
    expect(column.contains(beside)).toBe(false)
  })
})
