// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { datasetImage } from '../../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor, within } from '../../../test-utils/render'
import { NetworkPreview } from './NetworkPreview'

const wide = datasetImage({ file: 'wide.jpg', width: 300, height: 200, crop: { x: 0.5, y: 0.5 } })

describe('NetworkPreview', () => {
  it('says which photo a duplicate copies, with its thumbnail, and that it was left out of training', () => {
    const copy = datasetImage({
      file: 'copy.jpg',
      excluded: true,
      copyOf: { kind: 'duplicate', imageId: 3, file: 'original.jpg', mediaId: 'thumb-3', crop: { x: 0.25, y: 0.5 } },
    })
    render(<NetworkPreview datasetId={1} image={copy} grayscale={false} cropUnavailable={null} />)
    const note = screen.getByTestId('copy-of')
    expect(note.textContent).toBe('The same file as original.jpg: left out of training when imported.')
    expect(within(note).getByRole('img', { name: 'original.jpg' }).getAttribute('src')).toBe(
      '/media/thumb-3?crop=0.2500,0.5000',
    )
  })

  it('calls a near-duplicate "almost the same picture", and says nothing for a photo that copies none', () => {
    const near = datasetImage({
      file: 'near.jpg',
      copyOf: { kind: 'near-duplicate', imageId: 4, file: 'first.jpg', mediaId: 'thumb-4', crop: { x: 0.5, y: 0.5 } },
    })
    const { rerender } = render(<NetworkPreview datasetId={1} image={near} grayscale={false} cropUnavailable={null} />)
    expect(screen.getByTestId('copy-of').textContent).toBe(
      'Almost the same picture as first.jpg: left out of training when imported.',
    )
    rerender(<NetworkPreview datasetId={1} image={wide} grayscale={false} cropUnavailable={null} />)
    expect(screen.queryByTestId('copy-of')).toBeNull()
  })

  it('shows the photo at 32 and 64 pixels, and mirrored when the flip is on', async () => {
    render(<NetworkPreview datasetId={1} image={wide} grayscale={false} cropUnavailable={null} />)
    expect(screen.getByRole('img', { name: 'wide.jpg at 32 × 32 pixels' }).getAttribute('width')).toBe('32')
    expect(screen.getByRole('img', { name: 'wide.jpg at 64 × 64 pixels' }).getAttribute('width')).toBe('64')
    await userEvent.click(screen.getByRole('switch', { name: 'Show the horizontal flip' }))
    for (const size of [32, 64]) {
      expect(screen.getByRole('img', { name: `wide.jpg at ${size} × ${size} pixels, flipped` }).style.transform).toBe(
        'scaleX(-1)',
      )
    }
  })

  it('moves the crop of the selected photo and saves it', async () => {
    fakeStudio.answer('datasets.cropSource', { mediaId: 'original-7', width: 300, height: 200, crop: wide.crop })
    fakeStudio.handle('datasets.setCrop', ({ crop }) => ({ ...wide, crop }))
    render(<NetworkPreview datasetId={1} image={wide} grayscale={false} cropUnavailable={null} />)
    await userEvent.click(screen.getByRole('button', { name: 'Move the crop…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Crop of wide.jpg' })
    expect((await within(dialog).findByRole('img', { name: 'The original of wide.jpg' })).getAttribute('src')).toBe(
      '/media/original-7',
    )
    expect(within(dialog).queryByRole('slider', { name: 'Vertical position' })).toBeNull()
    within(dialog).getByRole('slider', { name: 'Horizontal position' }).focus()
    await userEvent.keyboard('{Home}')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save crop' }))
    await waitFor(() =>
      expect(fakeStudio.callsOf('datasets.setCrop')).toEqual([{ datasetId: 1, imageId: 7, crop: { x: 0, y: 0.5 } }]),
    )
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('disables moving the crop and says why when it cannot be moved', () => {
    const reason =
      'Demo faces are drawn for the import and not kept, so their crops cannot be moved: the crop can only be moved while the original photos exist.'
    render(<NetworkPreview datasetId={1} image={wide} grayscale={false} cropUnavailable={reason} />)
    const button = screen.getByRole('button', { name: 'Move the crop…' })
    expect(button.hasAttribute('disabled')).toBe(true)
    expect(button.getAttribute('aria-describedby')).toBeTruthy()
    expect(document.getElementById(button.getAttribute('aria-describedby')!)?.textContent).toBe(reason)
    expect(fakeStudio.callsOf('datasets.cropSource')).toEqual([])
  })
})
