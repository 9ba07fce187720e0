import { applyPalette, GIFEncoder, quantize } from 'gifenc'

/** One frame of a GIF: the images drawn side by side in a grid of `columns`. */
export interface GifFrame {
  urls: readonly string[]
  columns: number
}

interface GifOptions {
  /** Pixels a side each image is drawn at (images are scaled without smoothing). */
  cellSize: number
  /** Milliseconds each frame shows. */
  delay: number
  /** Space between cells, in pixels. */
  gap?: number
  /** Called with the frames encoded so far. */
  onProgress?: (done: number, total: number) => void
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

/** Draws every frame to a canvas and encodes them with gifenc (a palette per frame), looping forever. */
export async function encodeGif(frames: readonly GifFrame[], { cellSize, delay, gap = 0, onProgress }: GifOptions): Promise<Blob> {
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
  const gif = GIFEncoder()
  for (const [index, frame] of frames.entries()) {
    context.fillStyle = '#000'
    context.fillRect(0, 0, width, height)
    frame.urls.forEach((url, cell) => {
      const bitmap = bitmaps.get(url)
      if (!bitmap) return
      const x = (cell % columns) * (cellSize + gap)
      const y = Math.floor(cell / columns) * (cellSize + gap)
      context.drawImage(bitmap, x, y, cellSize, cellSize)
    })
    const { data } = context.getImageData(0, 0, width, height)
    const palette = quantize(data, 256)
    gif.writeFrame(applyPalette(data, palette), width, height, { palette, delay })
    onProgress?.(index + 1, frames.length)
    // Let the page repaint between frames: a long run's GIF is many frames.
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  gif.finish()
  for (const bitmap of bitmaps.values()) bitmap.close()
  return new Blob([gif.bytes().slice()], { type: 'image/gif' })
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
  return name.trim().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'run'
}
