// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { datasetImage } from '../../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor, within } from '../../../test-utils/render'
import { NetworkPreview } from './NetworkPreview'

const wide = datasetImage({ file: 'wide.jpg', width: 300, height: 200, crop: { x: 0.5, y: 0.5 } })

describe('NetworkPreview', () => {
  it('shows the photo at 32 and 64 pixels, and mirrored when the flip is on', async () => {
    render(<NetworkPreview datasetId={1} image={wide} grayscale={false} cropUnavailable={null} />)
    expect(screen.getByRole('img', { name: 'wide.jpg at 32 × 32 pixels' }).getAttribute('width')).toBe('32')
    expect(screen.getByRole('img', { name: 'wide.jpg at 64 × 64 pixels' }).getAttribute('width')).toBe('64')
    await userEvent.click(screen.getByRole('switch', { name: 'Show the horizontal flip' }))
    for (const size of [32, 64]) {
      expect(screen.getByRole('img', { name: `wide.jpg at ${size} × ${size} pixels, flipped` }).style.transform).toBe('scaleX(-1)')
    }
  })

  it('moves the crop of the selected photo and saves it', async () => {
    fakeStudio.answer('datasets.cropSource', { mediaId: 'original-7', width: 300, height: 200, crop: wide.crop })
    fakeStudio.handle('datasets.setCrop', ({ crop }) => ({ ...wide, crop }))
    render(<NetworkPreview datasetId={1} image={wide} grayscale={false} cropUnavailable={null} />)
    await userEvent.click(screen.getByRole('button', { name: 'Move the crop…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Crop of wide.jpg' })
    expect((await within(dialog).findByRole('img', { name: 'The original of wide.jpg' })).getAttribute('src')).toBe('/media/original-7')
    expect(within(dialog).queryByRole('slider', { name: 'Vertical position' })).toBeNull()
    within(dialog).getByRole('slider', { name: 'Horizontal position' }).focus()
    await userEvent.keyboard('{Home}')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save crop' }))
    await waitFor(() => expect(fakeStudio.callsOf('datasets.setCrop')).toEqual([{ datasetId: 1, imageId: 7, crop: { x: 0, y: 0.5 } }]))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('disables moving the crop and says why when it cannot be moved', () => {
    const reason = 'Demo faces are drawn for the import and not kept, so their crops cannot be moved: the crop can only be moved while the original photos exist.'
    render(<NetworkPreview datasetId={1} image={wide} grayscale={false} cropUnavailable={reason} />)
    const button = screen.getByRole('button', { name: 'Move the crop…' })
    expect(button.hasAttribute('disabled')).toBe(true)
    expect(button.getAttribute('aria-describedby')).toBeTruthy()
    expect(document.getElementById(button.getAttribute('aria-describedby')!)?.textContent).toBe(reason)
    expect(fakeStudio.callsOf('datasets.cropSource')).toEqual([])
  })
})
