// @vitest-environment jsdom
import sharp from 'sharp'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { LatentModel } from '../../../../src-shared/contract/latent'
import type { Generator } from '../../../lib/generator/generator'
import { render, screen, userEvent, waitFor } from '../../../test-utils/render'
import type { Keyframe, SegmentStyle } from '../composeLatent'
import { SavePathGif } from './SavePathGif'

const Z = 3
const SIZE = 4
const linear: SegmentStyle = { interpolation: 'lerp', ease: 'linear' }
const keyframes: Keyframe[] = [
  { key: 'dark', label: 'Dark', latent: new Float32Array([0, 0, 0]) },
  { key: 'light', label: 'Light', latent: new Float32Array([1, 0, 0]) },
]
const unchanged = { directions: [], offsets: [], truncation: 1 }

/** A generator whose face is a flat grey of 255 × the latent's first value; its first render waits for `release`. */
function greyGenerator() {
  let release = () => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  const batches: number[] = []
  const generator: Generator = {
    model: { zDim: Z, imageSize: SIZE } as LatentModel,
    backend: 'fake',
    async render(latents) {
      batches.push(latents.length / Z)
      await gate
      return Array.from({ length: latents.length / Z }, (_, index) => {
        const grey = Math.round(255 * latents[index * Z]!)
        const data = new Uint8ClampedArray(SIZE * SIZE * 4).map((_, byte) => (byte % 4 === 3 ? 255 : grey))
        return { data, width: SIZE, height: SIZE } as ImageData
      })
    },
  }
  return { generator, release, batches }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('SavePathGif', () => {
  it('waits for a second face on the path', () => {
    render(
      <SavePathGif
        generator={greyGenerator().generator}
        keyframes={keyframes.slice(0, 1)}
        segments={[]}
        look={unchanged}
        fileName="path.gif"
      />,
    )
    expect(screen.getByText('Add a second face to the path to animate it.')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Save path as GIF' }).hasAttribute('disabled')).toBe(true)
  })

  it('draws the frames along the path, shows its progress, and downloads them as a GIF', async () => {
    const saved: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push(blob as Blob)
      return 'blob:path-gif'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const names: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download)
    })
    const { generator, release, batches } = greyGenerator()
    render(
      <SavePathGif
        generator={generator}
        keyframes={keyframes}
        segments={[linear]}
        look={unchanged}
        fileName="Run-epoch-3-path.gif"
      />,
    )
    expect(screen.getByTestId('path-gif-summary').textContent).toContain('13 frames, 1.1 s, 256×256 px')

    await userEvent.clear(screen.getByLabelText('Frames between faces'))
    expect(screen.getByTestId('path-gif-summary').textContent).toContain(
      'Frames between faces: a whole number from 1 to 120.',
    )
    expect(screen.getByRole('button', { name: 'Save path as GIF' }).hasAttribute('disabled')).toBe(true)
    await userEvent.type(screen.getByLabelText('Frames between faces'), '4')
    await userEvent.clear(screen.getByLabelText('Frames per second'))
    await userEvent.type(screen.getByLabelText('Frames per second'), '10')
    expect(screen.getByTestId('path-gif-summary').textContent).toContain('5 frames, 0.5 s')

    await userEvent.click(screen.getByRole('button', { name: 'Save path as GIF' }))
    expect(screen.getByRole('status', { name: 'GIF progress' }).textContent).toContain('Drawing frame 0/5…')
    expect(screen.getByLabelText('Frames per second').hasAttribute('disabled')).toBe(true)
    release()
    await waitFor(() => expect(names).toEqual(['Run-epoch-3-path.gif']))
    expect(batches).toEqual([5])
    await waitFor(() => expect(screen.queryByRole('status', { name: 'GIF progress' })).toBeNull())

    const bytes = new Uint8Array(await saved[0]!.arrayBuffer())
    const { data, info } = await sharp(bytes, { pages: -1 }).removeAlpha().raw().toBuffer({ resolveWithObject: true })
    expect(info.pages).toBe(5)
    expect([info.width, info.height / 5]).toEqual([256, 256])
    // frame f of a linear path from grey 0 to grey 255 is f/4 of the way (within the palette's rounding)
    const greys = Array.from({ length: 5 }, (_, frame) => data[frame * 256 * 256 * 3 + (100 * 256 + 200) * 3]!)
    greys.forEach((grey, frame) => expect(Math.abs(grey - (255 * frame) / 4)).toBeLessThanOrEqual(8))
  })
})
