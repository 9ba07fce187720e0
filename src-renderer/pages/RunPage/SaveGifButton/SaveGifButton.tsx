import { Button } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { downloadBlob, encodeGif, type GifFrame } from '../../../lib/gifExport'

interface SaveGifButtonProps {
  frames: () => GifFrame[]
  fileName: string
  cellSize: number
  gap?: number
  delay?: number
  label?: string
}

/** Encodes the frames to a GIF in the renderer (gifenc) and downloads it; shows its progress while it works. */
export function SaveGifButton({
  frames,
  fileName,
  cellSize,
  gap = 0,
  delay = 250,
  label = 'Save as GIF',
}: SaveGifButtonProps) {
  const [progress, setProgress] = useState<string | null>(null)
  const save = async () => {
    setProgress('Loading images…')
    try {
      const blob = await encodeGif(frames(), {
        cellSize,
        gap,
        delay,
        onProgress: (done, total) => setProgress(`Encoding ${done}/${total}…`),
      })
      downloadBlob(blob, fileName)
    } catch (caught) {
      notifications.show({ color: 'red', title: 'Could not make the GIF', message: (caught as Error).message })
    } finally {
      setProgress(null)
    }
  }
  return (
    // Disabled rather than `loading` while it works: a loading Mantine button hides its label, and the label is the progress.
    <Button
      size="compact-sm"
      variant="default"
      onClick={() => void save()}
      disabled={progress !== null}
      aria-busy={progress !== null}
    >
      {progress ?? label}
    </Button>
  )
}
