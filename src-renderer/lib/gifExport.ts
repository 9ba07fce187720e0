import { applyPalette, GIFEncoder, quantize } from 'gifenc'

/** One frame of a GIF: the images drawn side by side in a grid of `columns`. */
export interface GifFrame {
  urls: readonly string[]
  columns: number
}

interface EncodeOptions {
  /** Milliseconds each frame shows. */
  delay: number
  /** Called with the frames encoded so far. */
  onProgress?: (done: number, total: number) => void
}

interface GifOptions extends EncodeOptions {
  /** Pixels a side each image is drawn at (images are scaled without smoothing). */
  cellSize: number
  /** Space between cells, in pixels. */
  gap?: number
}

/** One frame of raw pixels: 4 bytes (RGBA) a pixel, row by row. An ImageData is one. */
export interface RgbaFrame {
  data: Uint8ClampedArray | Uint8Array
  width: number
  height: number
}

interface RgbaGifOptions extends EncodeOptions {
  /** Each pixel becomes a scale × scale block (a whole number ≥ 1; default 1). */
  scale?: number
}

/** Fetches each image once: media URLs work with fetch in both the desktop app and browser mode, and keep the canvas untainted. */
async function loadBitmaps(urls: readonly string[]): Promise<Map<string, ImageBitmap>> {
  const unique = [...new Set(urls)]
  const bitmaps = new Map<string, ImageBitmap>()
  const batch = 16
  for (let start = 0; start < unique.length; start += batch) {
    const loaded = await Promise.all(
      unique.slice(start, start + batch).map(async (url) => {
        const response = await fetch(url)
        if (!response.ok) throw new Error(`Could not load an image for the GIF (${response.status}).`)
        return [url, await createImageBitmap(await response.blob())] as const
      }),
    )
    for (const [url, bitmap] of loaded) bitmaps.set(url, bitmap)
  }
  return bitmaps
}

/**
 * Encodes `count` frames of width × height with gifenc (a palette per frame), looping forever. Each frame's RGBA
 * pixels come from `pixelsOf` when it is its turn, so only one frame's pixels need exist at a time.
 */
async function encodeFrames(
  count: number,
  width: number,
  height: number,
  pixelsOf: (index: number) => Uint8ClampedArray | Uint8Array,
  { delay, onProgress }: EncodeOptions,
): Promise<Blob> {
  const gif = GIFEncoder()
  for (let index = 0; index < count; index++) {
    const data = pixelsOf(index)
    const palette = quantize(data, 256)
    gif.writeFrame(applyPalette(data, palette), width, height, { palette, delay })
    onProgress?.(index + 1, count)
    // Let the page repaint between frames: a long GIF is many frames.
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  gif.finish()
  return new Blob([gif.bytes().slice()], { type: 'image/gif' })
}

/** Draws every frame's images to a canvas in a grid and encodes them. */
export async function encodeGif(
  frames: readonly GifFrame[],
  { cellSize, gap = 0, ...options }: GifOptions,
): Promise<Blob> {
  const first = frames[0]
  if (!first) throw new Error('There are no frames to put in a GIF.')
  const bitmaps = await loadBitmaps(frames.flatMap((frame) => frame.urls))
  const columns = first.columns
  const rows = Math.ceil(first.urls.length / columns)
  const width = columns * cellSize + (columns - 1) * gap
  const height = rows * cellSize + (rows - 1) * gap
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (!context) throw new Error('This browser cannot draw to a canvas.')
  context.imageSmoothingEnabled = false
  const draw = (index: number) => {
    context.fillStyle = '#000'
    context.fillRect(0, 0, width, height)
    frames[index]!.urls.forEach((url, cell) => {
      const bitmap = bitmaps.get(url)
      if (!bitmap) return
      const x = (cell % columns) * (cellSize + gap)
      const y = Math.floor(cell / columns) * (cellSize + gap)
      context.drawImage(bitmap, x, y, cellSize, cellSize)
    })
    return context.getImageData(0, 0, width, height).data
  }
  try {
    return await encodeFrames(frames.length, width, height, draw, options)
  } finally {
    for (const bitmap of bitmaps.values()) bitmap.close()
  }
}

/** Each pixel of an RGBA image repeated into a scale × scale block (nearest neighbour). */
function upscale({ data, width, height }: RgbaFrame, scale: number): Uint8ClampedArray | Uint8Array {
  if (scale === 1) return data
  const rowBytes = width * scale * 4
  const scaled = new Uint8ClampedArray(rowBytes * height * scale)
  for (let y = 0; y < height; y++) {
    const rowStart = y * scale * rowBytes
    for (let x = 0; x < width; x++) {
      const source = (y * width + x) * 4
      for (let repeat = 0; repeat < scale; repeat++) {
        const target = rowStart + (x * scale + repeat) * 4
        for (let channel = 0; channel < 4; channel++) scaled[target + channel] = data[source + channel]!
      }
    }
    for (let repeat = 1; repeat < scale; repeat++)
      scaled.copyWithin(rowStart + repeat * rowBytes, rowStart, rowStart + rowBytes)
  }
  return scaled
}

/** Encodes frames of raw RGBA pixels (all of one size), each scaled up by a whole factor. */
export async function encodeRgbaGif(
  frames: readonly RgbaFrame[],
  { scale = 1, ...options }: RgbaGifOptions,
): Promise<Blob> {
  const first = frames[0]
  if (!first) throw new Error('There are no frames to put in a GIF.')
  if (!Number.isInteger(scale) || scale < 1)
    throw new Error(`A GIF is scaled up by a whole number of times, not ${scale}.`)
  frames.forEach((frame, index) => {
    if (frame.width !== first.width || frame.height !== first.height) {
      throw new Error(
        `Every frame of a GIF has one size: frame ${index + 1} is ${frame.width}×${frame.height}, the first ${first.width}×${first.height}.`,
      )
    }
    if (frame.data.length !== frame.width * frame.height * 4) {
      throw new Error(
        `Frame ${index + 1} has ${frame.data.length} bytes where ${frame.width}×${frame.height} RGBA pixels take ${frame.width * frame.height * 4}.`,
      )
    }
  })
  return encodeFrames(
    frames.length,
    first.width * scale,
    first.height * scale,
    (index) => upscale(frames[index]!, scale),
    options,
  )
}

/** Saves a blob through a temporary object URL and an <a download>. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** A file name from a run name: letters, digits and dashes only. */
export function safeFileName(name: string): string {
  return (
    name
      .trim()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'run'
  )
}
