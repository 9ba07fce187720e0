import { CloseButton, Group, Image, ScrollArea, Stack, Text, Title } from '@mantine/core'
import type { EpochSamples } from '../../../../src-shared/contract/runs'
import { safeFileName } from '../../../lib/gifExport'
import { studio } from '../../../studio'
import { SaveGifButton } from '../SaveGifButton/SaveGifButton'

const FACE = 72

interface FaceTimelineProps {
  samples: readonly EpochSamples[]
  cell: number
  runName: string
  imageSize: number
  currentEpoch: number
  onPickEpoch: (index: number) => void
  onClose: () => void
}

/** One cell of the fixed-noise grid (one latent vector) at every epoch, oldest first: how that face was learned. */
export function FaceTimeline({
  samples,
  cell,
  runName,
  imageSize,
  currentEpoch,
  onPickEpoch,
  onClose,
}: FaceTimelineProps) {
  const row = Math.floor(cell / 8) + 1
  const column = (cell % 8) + 1
  return (
    <Stack gap="xs" data-testid="face-timeline" data-cell={cell}>
      <Group justify="space-between">
        <Title order={5}>
          Face at row {row}, column {column} over {samples.length} epochs
        </Title>
        <Group gap="xs">
          <SaveGifButton
            frames={() =>
              samples.flatMap((sample) =>
                sample.cells[cell] ? [{ urls: [studio.mediaUrl(sample.cells[cell])], columns: 1 }] : [],
              )
            }
            fileName={`${safeFileName(runName)}-face-${cell + 1}.gif`}
            cellSize={Math.max(128, imageSize)}
          />
          <CloseButton aria-label="Close the face timeline" onClick={onClose} />
        </Group>
      </Group>
      <ScrollArea type="auto" offsetScrollbars>
        <Group gap={6} wrap="nowrap" pb={4}>
          {samples.map((sample, index) => {
            const media = sample.cells[cell]
            return (
              <Stack
                key={sample.epoch}
                gap={2}
                align="center"
                style={{ flexShrink: 0, cursor: 'pointer' }}
                onClick={() => onPickEpoch(index)}
              >
                {media ? (
                  <Image
                    src={studio.mediaUrl(media)}
                    w={FACE}
                    h={FACE}
                    radius="xs"
                    alt={`Epoch ${sample.epoch}`}
                    style={{
                      imageRendering: 'pixelated',
                      outline:
                        sample.epoch === currentEpoch ? '2px solid var(--mantine-primary-color-filled)' : undefined,
                    }}
                  />
                ) : null}
                <Text size="xs" c="dimmed">
                  {sample.epoch}
                </Text>
              </Stack>
            )
          })}
        </Group>
      </ScrollArea>
    </Stack>
  )
}
