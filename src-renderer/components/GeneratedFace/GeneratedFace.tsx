import { memo, useEffect, useRef } from 'react'
import type { Generator } from '../../lib/generator/generator'

interface GeneratedFaceProps {
  generator: Generator
  latent: Float32Array
  /** shown size in CSS pixels (the canvas keeps the generator's resolution) */
  size: number
  label: string
}

/** One face drawn by a generator from a latent, scaled up without smoothing. */
export const GeneratedFace = memo(function GeneratedFace({ generator, latent, size, label }: GeneratedFaceProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    let live = true
    void generator.render(latent).then(([image]) => {
      if (live && image) canvasRef.current?.getContext('2d')?.putImageData(image, 0, 0)
    })
    return () => {
      live = false
    }
  }, [generator, latent])
  const resolution = generator.model.imageSize
  return (
    <canvas
      ref={canvasRef}
      width={resolution}
      height={resolution}
      role="img"
      aria-label={label}
      style={faceStyle(size)}
    />
  )
})

export function faceStyle(size: number) {
  return {
    width: size,
    height: size,
    imageRendering: 'pixelated',
    display: 'block',
    borderRadius: 'var(--mantine-radius-sm)',
    background: 'var(--mantine-color-default-hover)',
  } as const
}
