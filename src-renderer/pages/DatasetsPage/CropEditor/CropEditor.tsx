import { Box, Button, Group, Loader, Modal, Slider, Stack, Text } from '@mantine/core'
import { useState, type PointerEvent } from 'react'
import type { CropCentre, CropSource, DatasetImage } from '../../../../src-shared/contract/datasets'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { useStudioQuery } from '../../../hooks/useStudioQuery'
import { studio, unwrap } from '../../../studio'

const DISPLAY_SIDE = 360

interface CropEditorProps {
  datasetId: number
  image: DatasetImage
  onClose: () => void
}

/** The whole original photo with the square the network trains on; drag the square, or use the sliders, then save. */
export function CropEditor({ datasetId, image, onClose }: CropEditorProps) {
  const source = useStudioQuery(
    () => studio.datasets.cropSource({ datasetId, imageId: image.id }),
    [datasetId, image.id],
  )
  return (
    <Modal opened onClose={onClose} title={`Crop of ${image.file}`} size="auto">
      {source.status === 'loading' && <Loader aria-label="Loading the original photo" />}
      {source.status === 'error' && <ErrorNotice error={source.error} onRetry={source.reload} />}
      {source.status === 'ready' && (
        <CropForm datasetId={datasetId} image={image} source={source.data} onClose={onClose} />
      )}
    </Modal>
  )
}

function CropForm({ datasetId, image, source, onClose }: CropEditorProps & { source: CropSource }) {
  const [crop, setCrop] = useState<CropCentre>(source.crop)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const scale = DISPLAY_SIDE / Math.max(source.width, source.height)
  const width = source.width * scale
  const height = source.height * scale
  const side = Math.min(width, height)
  const left = Math.min(Math.max(crop.x * width - side / 2, 0), width - side)
  const top = Math.min(Math.max(crop.y * height - side / 2, 0), height - side)

  const moveTo = (event: PointerEvent<HTMLDivElement>) => {
    if (event.buttons !== 1) return
    const box = event.currentTarget.getBoundingClientRect()
    setCrop({ x: clampUnit((event.clientX - box.left) / width), y: clampUnit((event.clientY - box.top) / height) })
  }

  const save = async () => {
    setSaving(true)
    setError(null)
    try {
      await unwrap(studio.datasets.setCrop({ datasetId, imageId: image.id, crop }))
      onClose()
    } catch (caught) {
      setError(caught as Error)
      setSaving(false)
    }
  }

  return (
    <Stack>
      <Text size="sm" c="dimmed" maw={DISPLAY_SIDE}>
        The network sees only the square. Drag it over the face; the thumbnail and the training data are rebuilt from
        the original photo, and runs started or resumed afterwards train on the new crop.
      </Text>
      <Box
        pos="relative"
        w={width}
        h={height}
        style={{ cursor: 'move', touchAction: 'none', userSelect: 'none' }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId)
          moveTo(event)
        }}
        onPointerMove={moveTo}
        data-testid="crop-area"
      >
        <img
          src={studio.mediaUrl(source.mediaId)}
          alt={`The original of ${image.file}`}
          width={width}
          height={height}
          draggable={false}
          style={{ display: 'block' }}
        />
        <Box
          pos="absolute"
          left={left}
          top={top}
          w={side}
          h={side}
          data-testid="crop-square"
          style={{
            border: '2px solid var(--mantine-color-yellow-5)',
            boxShadow: '0 0 0 9999px rgba(0, 0, 0, 0.45)',
            pointerEvents: 'none',
          }}
        />
      </Box>
      {source.width > source.height && (
        <CropSlider label="Horizontal position" value={crop.x} onChange={(x) => setCrop({ ...crop, x })} />
      )}
      {source.height > source.width && (
        <CropSlider label="Vertical position" value={crop.y} onChange={(y) => setCrop({ ...crop, y })} />
      )}
      {source.width === source.height && <Text size="sm">This photo is already square: all of it is used.</Text>}
      {error && <ErrorNotice error={error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={() => void save()} loading={saving} disabled={source.width === source.height}>
          Save crop
        </Button>
      </Group>
    </Stack>
  )
}

function CropSlider({ label, value, onChange }: { label: string; value: number; onChange: (value: number) => void }) {
  return (
    <Stack gap={4}>
      <Text size="sm">{label}</Text>
      <Slider
        thumbLabel={label}
        min={0}
        max={1}
        step={0.01}
        value={value}
        onChange={onChange}
        label={(v) => `${Math.round(v * 100)}%`}
      />
    </Stack>
  )
}

function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value))
}
