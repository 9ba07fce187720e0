import { Button, Card, Group, Stack, Switch, Text } from '@mantine/core'
import { useId, useState } from 'react'
import type { DatasetImage } from '../../../../src-shared/contract/datasets'
import { CropEditor } from '../CropEditor/CropEditor'
import { thumbnailUrl } from '../thumbnailUrl'
import { PixelatedImage } from '../PixelatedImage/PixelatedImage'

const PREVIEW_SIZES = [32, 64] as const
const DISPLAY_SIZE = 128

interface NetworkPreviewProps {
  datasetId: number
  image: DatasetImage | undefined
  grayscale: boolean
  /** why the crop cannot be moved now, or null */
  cropUnavailable: string | null
}

/** The selected photo at the resolutions a DCGAN trains on, optionally mirrored as the flip augmentation does. */
export function NetworkPreview({ datasetId, image, grayscale, cropUnavailable }: NetworkPreviewProps) {
  const [flipped, setFlipped] = useState(false)
  const [editingCrop, setEditingCrop] = useState<DatasetImage | null>(null)
  const cropUnavailableId = useId()
  return (
    <Card withBorder>
      <Text fw={600}>What the network sees</Text>
      <Text size="xs" c="dimmed" mb="sm">
        Each photo is shrunk to the training size{grayscale ? ' and kept in one grayscale channel' : ''}. Flipping
        mirrors it, as training does at random to show the network more faces.
      </Text>
      {image ? (
        <>
          <Group gap="md" justify="center">
            {PREVIEW_SIZES.map((size) => (
              <Stack key={size} gap={4} align="center">
                <PixelatedImage
                  src={thumbnailUrl(image)}
                  size={size}
                  displaySize={DISPLAY_SIZE}
                  flipped={flipped}
                  grayscale={grayscale}
                  label={`${image.file} at ${size} × ${size} pixels${flipped ? ', flipped' : ''}`}
                />
                <Text size="xs" c="dimmed">
                  {size} × {size}
                </Text>
              </Stack>
            ))}
          </Group>
          <Text size="xs" mt="xs" ta="center" truncate title={image.file}>
            {image.file}
            {image.excluded ? ' (excluded)' : ''}
          </Text>
          {image.copyOf && (
            <Group gap="xs" mt="xs" wrap="nowrap" data-testid="copy-of">
              <img
                src={thumbnailUrl(image.copyOf)}
                alt={image.copyOf.file}
                width={40}
                height={40}
                style={{ borderRadius: 4, flexShrink: 0 }}
              />
              <Text size="xs" c="dimmed">
                {image.copyOf.kind === 'duplicate' ? 'The same file as' : 'Almost the same picture as'}{' '}
                {image.copyOf.file}: left out of training when imported.
              </Text>
            </Group>
          )}
          <Button
            variant="light"
            size="xs"
            mt="xs"
            fullWidth
            disabled={cropUnavailable !== null}
            aria-describedby={cropUnavailable === null ? undefined : cropUnavailableId}
            onClick={() => setEditingCrop(image)}
          >
            Move the crop…
          </Button>
          {cropUnavailable !== null && (
            <Text id={cropUnavailableId} size="xs" c="dimmed" mt={4}>
              {cropUnavailable}
            </Text>
          )}
        </>
      ) : (
        <Text size="sm" c="dimmed">
          Select a photo to preview it.
        </Text>
      )}
      <Switch
        mt="sm"
        label="Show the horizontal flip"
        checked={flipped}
        onChange={(event) => setFlipped(event.currentTarget.checked)}
      />
      {editingCrop && <CropEditor datasetId={datasetId} image={editingCrop} onClose={() => setEditingCrop(null)} />}
    </Card>
  )
}
