// @vitest-environment jsdom
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseGif } from '../../src-main/services/exports/gif'
import { encodeGif, encodeRgbaGif, safeFileName } from './gifExport'

type Rgb = readonly [number, number, number]
const COLOURS: Record<string, Rgb> = {
  '/media/red': [255, 0, 0],
  '/media/green': [0, 255, 0],
  '/media/blue': [0, 0, 255],
  '/media/white': [255, 255, 255],
}

interface Bitmap {
  width: number
  height: number
  pixels: Uint8Array
  close: () => void
}

/**
 * jsdom has no canvas: a 2D context that does what encodeGif asks of one (fill, nearest-neighbour drawImage,
 * getImageData) over an RGBA buffer, and createImageBitmap that decodes the fetched PNG with sharp.
 */
function fakeCanvas() {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    const { width, height } = this
    const data = new Uint8ClampedArray(width * height * 4)
    const paint = (
      x0: number,
      y0: number,
      w: number,
      h: number,
      colourAt: (x: number, y: number) => ArrayLike<number>,
    ) => {
      for (let y = y0; y < Math.min(y0 + h, height); y++)
        for (let x = x0; x < Math.min(x0 + w, width); x++)
          data.set(Array.from(colourAt(x - x0, y - y0)), (y * width + x) * 4)
    }
    const context = {
      fillStyle: '#000',
      imageSmoothingEnabled: true,
      fillRect: (x: number, y: number, w: number, h: number) => paint(x, y, w, h, () => [0, 0, 0, 255]),
      drawImage: (bitmap: Bitmap, x: number, y: number, w: number, h: number) =>
        paint(x, y, w, h, (dx, dy) => {
          const offset = (Math.floor((dy * bitmap.height) / h) * bitmap.width + Math.floor((dx * bitmap.width) / w)) * 4
          return bitmap.pixels.subarray(offset, offset + 4)
        }),
      getImageData: () => ({ data: data.slice() }),
    }
    return context as unknown as CanvasRenderingContext2D
  } as unknown as typeof HTMLCanvasElement.prototype.getContext)
}

let fetched: string[]
let closed: number
beforeEach(() => {
  fetched = []
  closed = 0
  fakeCanvas()
  vi.stubGlobal('fetch', async (url: string) => {
    fetched.push(url)
    const colour = COLOURS[url]
    if (!colour) return new Response('Not found', { status: 404 })
    const png = await sharp({
      create: { width: 4, height: 4, channels: 3, background: { r: colour[0], g: colour[1], b: colour[2] } },
    })
      .png()
      .toBuffer()
    return new Response(new Uint8Array(png))
  })
  vi.stubGlobal('createImageBitmap', async (blob: Blob) => {
    const { data, info } = await sharp(Buffer.from(await blob.arrayBuffer()))
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
    return {
      width: info.width,
      height: info.height,
      pixels: new Uint8Array(data),
      close: () => closed++,
    } satisfies Bitmap
  })
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

/** Every frame of a GIF decoded to RGBA (sharp stacks the pages vertically). */
async function decodeFrames(gif: Blob) {
  const bytes = new Uint8Array(await gif.arrayBuffer())
  const { data, info } = await sharp(bytes, { pages: -1 }).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  const frames = parseGif(bytes).frames
  const height = info.height / frames
  const pixel = (frame: number, x: number, y: number) =>
    Array.from(
      data.subarray(((frame * height + y) * info.width + x) * 4, ((frame * height + y) * info.width + x) * 4 + 3),
    )
  return { info: parseGif(bytes), width: info.width, height, pixel }
}

describe('encodeGif', () => {
  it('makes one looping frame per epoch, each a grid of its images at the cell size, with the gap between cells', async () => {
    const progress: [number, number][] = []
    const gif = await encodeGif(
      [
        { urls: ['/media/red', '/media/green', '/media/blue'], columns: 2 },
        { urls: ['/media/white', '/media/red', '/media/green'], columns: 2 },
        { urls: ['/media/blue', '/media/blue', '/media/white'], columns: 2 },
      ],
      { cellSize: 8, gap: 2, delay: 300, onProgress: (done, total) => progress.push([done, total]) },
    )
    expect(gif.type).toBe('image/gif')
    const { info, width, height, pixel } = await decodeFrames(gif)
    expect(info).toMatchObject({ frames: 3, loops: true, width: 18, height: 18 })
    expect([width, height]).toEqual([18, 18])
    // cells at (0,0), (10,0) and (0,10); the fourth place and the gaps stay black
    const cells = (frame: number) => [
      pixel(frame, 3, 3),
      pixel(frame, 13, 3),
      pixel(frame, 3, 13),
      pixel(frame, 13, 13),
      pixel(frame, 9, 3),
    ]
    expect(cells(0)).toEqual([
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [0, 0, 0],
      [0, 0, 0],
    ])
    expect(cells(1)).toEqual([
      [255, 255, 255],
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 0],
      [0, 0, 0],
    ])
    expect(cells(2)).toEqual([
      [0, 0, 255],
      [0, 0, 255],
      [255, 255, 255],
      [0, 0, 0],
      [0, 0, 0],
    ])
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ])
    // each image fetched once however many frames show it, and released after
    expect(fetched.sort()).toEqual(['/media/blue', '/media/green', '/media/red', '/media/white'])
    expect(closed).toBe(4)
  })

  it("makes a single face's timeline: one image a frame, as many frames as epochs", async () => {
    const epochs = ['/media/red', '/media/green', '/media/blue', '/media/white', '/media/red']
    const gif = await encodeGif(
      epochs.map((url) => ({ urls: [url], columns: 1 })),
      { cellSize: 16, delay: 250 },
    )
    const { info, pixel } = await decodeFrames(gif)
    expect(info).toMatchObject({ frames: 5, width: 16, height: 16 })
    expect(epochs.map((_, frame) => pixel(frame, 8, 8))).toEqual(epochs.map((url) => [...COLOURS[url]!]))
  })

  it('says why when an image cannot be loaded, and when there is nothing to encode', async () => {
    await expect(
      encodeGif([{ urls: ['/media/red', '/media/gone'], columns: 2 }], { cellSize: 8, delay: 100 }),
    ).rejects.toThrow('Could not load an image for the GIF (404).')
    await expect(encodeGif([], { cellSize: 8, delay: 100 })).rejects.toThrow('There are no frames to put in a GIF.')
  })
})

/** A width × height RGBA frame: the left half one colour, the right half another. */
function halves(width: number, height: number, left: Rgb, right: Rgb) {
  const data = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([...(x < width / 2 ? left : right), 255], (y * width + x) * 4)
  return { data, width, height }
}

describe('encodeRgbaGif', () => {
  const [red, green, blue, white] = [
    COLOURS['/media/red']!,
    COLOURS['/media/green']!,
    COLOURS['/media/blue']!,
    COLOURS['/media/white']!,
  ]

  it('makes one looping frame per raw frame, each pixel scaled up to a block, in the given colours', async () => {
    const progress: number[] = []
    const frames = [halves(4, 2, red, green), halves(4, 2, blue, white), halves(4, 2, white, red)]
    const gif = await encodeRgbaGif(frames, { scale: 3, delay: 100, onProgress: (done) => progress.push(done) })
    expect(gif.type).toBe('image/gif')
    const { info, width, height, pixel } = await decodeFrames(gif)
    expect(info).toMatchObject({ frames: 3, loops: true, width: 12, height: 6 })
    expect([width, height]).toEqual([12, 6])
    // the left half is pixels 0–5 after scaling, the right 6–11, on every row
    const sides = (frame: number) => [pixel(frame, 0, 0), pixel(frame, 5, 5), pixel(frame, 6, 0), pixel(frame, 11, 5)]
    expect(sides(0)).toEqual([[...red], [...red], [...green], [...green]])
    expect(sides(1)).toEqual([[...blue], [...blue], [...white], [...white]])
    expect(sides(2)).toEqual([[...white], [...white], [...red], [...red]])
    expect(progress).toEqual([1, 2, 3])
    expect((await sharp(new Uint8Array(await gif.arrayBuffer())).metadata()).delay).toEqual([100, 100, 100])
  })

  it('keeps the size of unscaled frames, whose pixels can be an ImageData-like Uint8Array', async () => {
    const frame = halves(2, 2, blue, green)
    const gif = await encodeRgbaGif([{ ...frame, data: new Uint8Array(frame.data) }], { delay: 40 })
    const { info, pixel } = await decodeFrames(gif)
    expect(info).toMatchObject({ frames: 1, width: 2, height: 2 })
    expect([pixel(0, 0, 1), pixel(0, 1, 1)]).toEqual([[...blue], [...green]])
  })

  it('says why frames cannot be encoded', async () => {
    await expect(encodeRgbaGif([], { delay: 100 })).rejects.toThrow('There are no frames to put in a GIF.')
    await expect(encodeRgbaGif([halves(4, 4, red, red), halves(2, 2, red, red)], { delay: 100 })).rejects.toThrow(
      'Every frame of a GIF has one size: frame 2 is 2×2, the first 4×4.',
    )
    await expect(
      encodeRgbaGif([{ data: new Uint8ClampedArray(12), width: 2, height: 2 }], { delay: 100 }),
    ).rejects.toThrow('Frame 1 has 12 bytes where 2×2 RGBA pixels take 16.')
    await expect(encodeRgbaGif([halves(2, 2, red, red)], { delay: 100, scale: 1.5 })).rejects.toThrow(
      'A GIF is scaled up by a whole number of times, not 1.5.',
    )
  })
})

describe('safeFileName', () => {
  it('keeps letters and digits of any script, dashes the rest, and falls back when nothing is left', () => {
    expect(safeFileName('  Run #3: faces/élan  ')).toBe('Run-3-faces-élan')
    expect(safeFileName('../..')).toBe('run')
    expect(safeFileName('a'.repeat(200))).toHaveLength(80)
  })
})
