import { useEffect, useRef } from 'react'

interface PixelatedImageProps {
  src: string
  /** The resolution the image is shrunk to, in pixels a side. */
  size: number
  /** How large it is shown, in CSS pixels; each image pixel becomes a visible block. */
  displaySize: number
  flipped: boolean
  grayscale: boolean
  label: string
}

/** Shrinks `src` to `size`×`size` on a canvas (centre-cropped to a square), then shows it scaled up without smoothing. */
export function PixelatedImage({ src, size, displaySize, flipped, grayscale, label }: PixelatedImageProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const image = new Image()
    image.onload = () => {
      const context = canvasRef.current?.getContext('2d')
      if (!context) return
      const side = Math.min(image.naturalWidth, image.naturalHeight)
      context.imageSmoothingEnabled = true
      context.imageSmoothingQuality = 'high'
      context.clearRect(0, 0, size, size)
      context.drawImage(
        image,
        (image.naturalWidth - side) / 2,
        (image.naturalHeight - side) / 2,
        side,
        side,
        0,
        0,
        size,
        size,
      )
    }
    image.src = src
    return () => {
      image.onload = null
    }
  }, [src, size])
  return (
    <canvas
      ref={canvasRef}
      width={size}
      height={size}
      role="img"
      aria-label={label}
      style={{
        width: displaySize,
        height: displaySize,
        imageRendering: 'pixelated',
        transform: flipped ? 'scaleX(-1)' : undefined,
        filter: grayscale ? 'grayscale(1)' : undefined,
        background: 'var(--mantine-color-default-hover)',
        borderRadius: 'var(--mantine-radius-sm)',
      }}
    />
  )
}
