import { Box, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { EpochSamples } from '../../../../src-shared/contract/runs'
import { EpochScrubber, useEpochPick } from '../../../components/EpochScrubber/EpochScrubber'
import { studio } from '../../../studio'
import { SharedNoiseNote } from '../SharedNoiseNote/SharedNoiseNote'
import { RUN_COLORS, type ComparedRun } from '../useCompareData'

/** The newest grid at or before `epoch` (a run that trained fewer epochs shows its last one). */
function gridAt(samples: readonly EpochSamples[], epoch: number): EpochSamples | undefined {
  let found: EpochSamples | undefined
  for (const sample of samples) if (sample.epoch <= epoch && (!found || sample.epoch > found.epoch)) found = sample
  return found ?? samples[0]
}

/** Each run's fixed-noise grid side by side, all at the epoch one shared scrubber picks. */
export function CompareGrids({ runs }: { runs: readonly ComparedRun[] }) {
  const epochs = [...new Set(runs.flatMap((run) => run.samples.map((sample) => sample.epoch)))].sort((a, b) => a - b)
  const { index, pick } = useEpochPick(epochs.length)
  const epoch = epochs[index] ?? 0

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={4}>Faces</Title>
        <SharedNoiseNote runs={runs.map((run) => run.detail)} />
        {epochs.length === 0 ? (
          <Text size="sm" c="dimmed">
            None of these runs has generated faces yet.
          </Text>
        ) : (
          <>
            <Group gap="md" maw={560}>
              <Text size="sm" fw={500} miw={80}>
                Epoch {epoch}
              </Text>
              <EpochScrubber epochs={epochs} index={index} onPick={pick} />
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2, xl: Math.min(runs.length, 4) }}>
              {runs.map((run, position) => {
                const grid = gridAt(run.samples, epoch)
                return (
                  <Stack key={run.detail.id} gap={4}>
                    <Text size="sm" fw={600} c={RUN_COLORS[position % RUN_COLORS.length]} truncate="end">
                      #{run.detail.id} {run.detail.name}
                      <Text span size="xs" c="dimmed" fw={400}>
                        {grid ? ` · epoch ${grid.epoch}` : ''}
                      </Text>
                    </Text>
                    {grid ? (
                      <Box
                        data-testid="compare-grid"
                        style={{ display: 'grid', gridTemplateColumns: 'repeat(8, 1fr)', gap: 1 }}
                      >
                        {grid.cells.map((media, cell) => (
                          <img
                            key={cell}
                            src={studio.mediaUrl(media)}
                            alt=""
                            style={{ width: '100%', aspectRatio: '1', imageRendering: 'pixelated', display: 'block' }}
                          />
                        ))}
                      </Box>
                    ) : (
                      <Text size="sm" c="dimmed">
                        No faces yet.
                      </Text>
                    )}
                  </Stack>
                )
              })}
            </SimpleGrid>
          </>
        )}
      </Stack>
    </Card>
  )
}
