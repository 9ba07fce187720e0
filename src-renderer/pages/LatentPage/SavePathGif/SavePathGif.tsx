import { Button, Group, NumberInput, Progress, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { downloadBlob, encodeRgbaGif } from '../../../lib/gifExport'
import type { Generator } from '../../../lib/generator/generator'
import type { Keyframe, SegmentStyle } from '../composeLatent'
import {
  PATH_GIF_DEFAULTS,
  PATH_GIF_LIMITS,
  pathGifFrameCount,
  pathGifLatents,
  pathGifProblem,
  pathGifScale,
  type FaceLook,
} from '../pathGif'

/** Faces generated at a time: large enough to be quick, small enough to show progress. */
const RENDER_BATCH = 16

interface SavePathGifProps {
  generator: Generator
  keyframes: readonly Keyframe[]
  segments: readonly SegmentStyle[]
  look: FaceLook
  fileName: string
}

interface Progress {
  label: string
  done: number
  total: number
}

/** Saves the keyframe path as an animated GIF: its frames generated here, as the live face is, then encoded and downloaded. */
export function SavePathGif({ generator, keyframes, segments, look, fileName }: SavePathGifProps) {
  const [framesPerSegment, setFramesPerSegment] = useState<number | string>(PATH_GIF_DEFAULTS.framesPerSegment)
  const [fps, setFps] = useState<number | string>(PATH_GIF_DEFAULTS.fps)
  const [progress, setProgress] = useState<Progress | null>(null)
  const problem = pathGifProblem(keyframes.length, framesPerSegment, fps)
  const { zDim, imageSize } = generator.model
  const scale = pathGifScale(imageSize)

  const save = async () => {
    const latents = pathGifLatents(keyframes, segments, Number(framesPerSegment), look)
    const total = latents.length / zDim
    setProgress({ label: 'Drawing', done: 0, total })
    try {
      const images: ImageData[] = []
      for (let start = 0; start < total; start += RENDER_BATCH) {
        images.push(
          ...(await generator.render(latents.subarray(start * zDim, Math.min(start + RENDER_BATCH, total) * zDim))),
        )
        setProgress({ label: 'Drawing', done: images.length, total })
      }
      const blob = await encodeRgbaGif(images, {
        scale,
        delay: 1000 / Number(fps),
        onProgress: (done) => setProgress({ label: 'Encoding', done, total }),
      })
      downloadBlob(blob, fileName)
    } catch (caught) {
      notifications.show({
        color: 'red',
        title: 'Could not make the GIF of the path',
        message: (caught as Error).message,
      })
    } finally {
      setProgress(null)
    }
  }

  const frames = problem ? 0 : pathGifFrameCount(keyframes.length, Number(framesPerSegment))
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="sm">
        <NumberInput
          size="xs"
          w={150}
          label="Frames between faces"
          value={framesPerSegment}
          onChange={setFramesPerSegment}
          min={1}
          max={PATH_GIF_LIMITS.maxFramesPerSegment}
          allowDecimal={false}
          disabled={progress !== null}
        />
        <NumberInput
          size="xs"
          w={130}
          label="Frames per second"
          value={fps}
          onChange={setFps}
          min={1}
          max={PATH_GIF_LIMITS.maxFps}
          allowDecimal={false}
          disabled={progress !== null}
        />
        <Button
          size="xs"
          variant="default"
          onClick={() => void save()}
          disabled={problem !== null || progress !== null}
        >
          Save path as GIF
        </Button>
      </Group>
      {progress ? (
        <Stack gap={4} role="status" aria-label="GIF progress">
          <Progress size="sm" value={(100 * progress.done) / progress.total} />
          <Text size="xs" c="dimmed">
            {progress.label} frame {progress.done}/{progress.total}…
          </Text>
        </Stack>
      ) : (
        <Text size="xs" c={problem && keyframes.length > 1 ? 'red' : 'dimmed'} data-testid="path-gif-summary">
          {problem ??
            `${frames} frames, ${(frames / Number(fps)).toFixed(1)} s, ${imageSize * scale}×${imageSize * scale} px, with the current directions and truncation.`}
        </Text>
      )}
    </Stack>
  )
}
