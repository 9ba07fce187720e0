import { Box, Card, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core'
import { useState } from 'react'
import type { RunDetail } from '../../../../src-shared/contract/runs'
import { EpochScrubber, useEpochPick } from '../../../components/EpochScrubber/EpochScrubber'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { LoadingState } from '../../../components/LoadingState/LoadingState'
import { useRovingGrid } from '../../../hooks/useRovingGrid'
import { useStudioQuery } from '../../../hooks/useStudioQuery'
import { safeFileName } from '../../../lib/gifExport'
import { studio } from '../../../studio'
import { ClosestPhoto } from '../ClosestPhoto/ClosestPhoto'
import { FaceTimeline } from '../FaceTimeline/FaceTimeline'
import { SaveGifButton } from '../SaveGifButton/SaveGifButton'

const COLUMNS = 8

/**
 * The 8×8 grid of faces from the run's fixed noise, at the epoch the scrubber picks. The scrubber follows the
 * newest epoch until it is moved elsewhere; clicking a face shows that face across every epoch.
 */
export function EpochGallery({ run }: { run: RunDetail }) {
  // Re-read when an epoch ends (its cover changes), keeping the grid shown meanwhile.
  const samples = useStudioQuery(() => studio.runs.samples({ runId: run.id }), [run.id, run.epoch, run.coverMediaId])
  const [cell, setCell] = useState<number | null>(null)
  const imageSize = typeof run.config.imageSize === 'number' ? run.config.imageSize : 64
  const { index, followsLatest, pick } = useEpochPick(samples.status === 'ready' ? samples.data.length : 0)
  const cellProps = useRovingGrid(samples.status === 'ready' ? (samples.data[index]?.cells.length ?? 0) : 0, COLUMNS)

  if (samples.status === 'loading') return <LoadingState label="Loading the generated faces…" />
  if (samples.status === 'error')
    return <ErrorNotice title="Could not load the generated faces" error={samples.error} onRetry={samples.reload} />
  const epochs = samples.data
  const current = epochs[index]

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Faces by epoch</Title>
          {epochs.length > 1 && (
            <SaveGifButton
              frames={() =>
                epochs.map((sample) => ({
                  urls: sample.cells.map((media) => studio.mediaUrl(media)),
                  columns: COLUMNS,
                }))
              }
              fileName={`${safeFileName(run.name)}-epochs.gif`}
              cellSize={Math.max(64, imageSize)}
              gap={2}
              delay={300}
            />
          )}
        </Group>
        {!current ? (
          <Text c="dimmed" size="sm">
            No faces yet: the grid appears when training starts, then again after every epoch.
          </Text>
        ) : (
          <>
            {/* The grid fills the card's width up to a screen-high square; the chosen face's nearest photo sits beside it. */}
            <Group align="flex-start" gap="lg" data-testid="epoch-gallery-body">
              <Stack gap="sm" style={{ flex: '1 1 360px', maxWidth: 'min(100%, 72vh)' }}>
                <Group gap="md" align="center">
                  <Text size="sm" fw={500} miw={110} data-testid="gallery-epoch">
                    Epoch {current.epoch}
                    {followsLatest && epochs.length > 1 ? ' (latest)' : ''}
                  </Text>
                  <EpochScrubber epochs={epochs.map((entry) => entry.epoch)} index={index} onPick={pick} />
                </Group>
                <Box
                  data-testid="epoch-grid"
                  data-epoch={current.epoch}
                  role="group"
                  aria-label={`Faces at epoch ${current.epoch} (arrow keys move between them)`}
                  style={{
                    display: 'grid',
                    gridTemplateColumns: `repeat(${COLUMNS}, 1fr)`,
                    gap: 2,
                  }}
                >
                  {current.cells.map((media, position) => (
                    <UnstyledButton
                      key={position}
                      {...cellProps(position)}
                      onClick={() => setCell(position === cell ? null : position)}
                      aria-label={`Face ${position + 1}: show it across epochs`}
                      aria-pressed={position === cell}
                      style={{
                        outline: position === cell ? '2px solid var(--mantine-primary-color-filled)' : undefined,
                        outlineOffset: 1,
                        lineHeight: 0,
                      }}
                    >
                      <img
                        src={studio.mediaUrl(media)}
                        alt=""
                        style={{ width: '100%', aspectRatio: '1', imageRendering: 'pixelated', display: 'block' }}
                      />
                    </UnstyledButton>
                  ))}
                </Box>
                <Text size="xs" c="dimmed">
                  Each cell is drawn from the same latent vector at every epoch. Click a face to follow it.
                </Text>
              </Stack>
              {cell !== null && (
                <Box style={{ flex: '1 1 280px', minWidth: 0 }}>
                  <ClosestPhoto key={`${current.epoch}-${cell}`} runId={run.id} epoch={current.epoch} cell={cell} />
                </Box>
              )}
            </Group>
            {cell !== null && (
              <FaceTimeline
                samples={epochs}
                cell={cell}
                runName={run.name}
                imageSize={imageSize}
                currentEpoch={current.epoch}
                onPickEpoch={pick}
                onClose={() => setCell(null)}
              />
            )}
          </>
        )}
      </Stack>
    </Card>
  )
}
