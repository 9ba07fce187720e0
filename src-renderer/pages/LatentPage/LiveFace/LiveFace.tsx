import { Text } from '@mantine/core'
import { useEffect, useRef } from 'react'
import type { Generator } from '../../../lib/generator/generator'
import { faceStyle } from '../../../components/GeneratedFace/GeneratedFace'

/**
 * The large face, drawn again whenever its latent changes. While a slider moves faster than faces can
 * be generated, in-between latents are skipped: the next face drawn is always of the newest latent.
 * The canvas carries the last frame's time (data-frame-ms: generate + draw) and a frame count, which
 * the frame-rate benchmark reads.
 */
export function LiveFace({ generator, latent, size }: { generator: Generator; latent: Float32Array; size: number }) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const statusRef = useRef<HTMLSpanElement>(null)
  const loop = useRef({
    pending: null as { generator: Generator; latent: Float32Array } | null,
    busy: false,
    frames: 0,
  })

  useEffect(() => {
    const state = loop.current
    state.pending = { generator, latent }
    if (state.busy) return
    state.busy = true
    void (async () => {
      try {
        while (state.pending) {
          const next = state.pending
          state.pending = null
          const started = performance.now()
          const [image] = await next.generator.render(next.latent)
          const canvas = canvasRef.current
          if (!canvas || !image) continue
          canvas.getContext('2d')?.putImageData(image, 0, 0)
          const milliseconds = performance.now() - started
          state.frames++
          canvas.dataset.frameMs = milliseconds.toFixed(2)
          canvas.dataset.frames = String(state.frames)
          if (statusRef.current)
            statusRef.current.textContent = `${next.generator.backend} · ${milliseconds.toFixed(1)} ms a face`
        }
      } catch (error) {
        if (statusRef.current)
          statusRef.current.textContent = `Could not draw the face: ${error instanceof Error ? error.message : String(error)}`
      } finally {
        state.busy = false
      }
    })()
  }, [generator, latent])

  const resolution = generator.model.imageSize
  return (
    <div>
      <canvas
        ref={canvasRef}
        width={resolution}
        height={resolution}
        role="img"
        aria-label="Generated face"
        data-testid="latent-face"
        data-backend={generator.backend}
        style={faceStyle(size)}
      />
      <Text size="xs" c="dimmed" mt={4}>
        <span ref={statusRef}>{generator.backend}</span>
      </Text>
    </div>
  )
}
