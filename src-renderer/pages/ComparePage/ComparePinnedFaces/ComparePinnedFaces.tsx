import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { LoadingState } from '../../../components/LoadingState/LoadingState'
import { PinnedFaceThumb } from '../../../components/PinnedFaceThumb/PinnedFaceThumb'
import { usePinnedFaces } from '../../../hooks/usePinnedFaces'
import { RUN_COLORS, type ComparedRun } from '../useCompareData'

const THUMB = 72

/** The faces pinned in the latent studio for each compared run, side by side. */
export function ComparePinnedFaces({ runs }: { runs: readonly ComparedRun[] }) {
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={4}>Pinned faces</Title>
        <SimpleGrid cols={{ base: 1, sm: 2, xl: Math.min(runs.length, 4) }}>
          {runs.map((run, position) => (
            <RunPinnedFaces
              key={run.detail.id}
              runId={run.detail.id}
              name={run.detail.name}
              color={RUN_COLORS[position % RUN_COLORS.length]!}
            />
          ))}
        </SimpleGrid>
      </Stack>
    </Card>
  )
}

function RunPinnedFaces({ runId, name, color }: { runId: number; name: string; color: string }) {
  const faces = usePinnedFaces(runId)
  return (
    <Stack gap={4} data-testid="compare-pinned-faces">
      <Text size="sm" fw={600} c={color} truncate="end">
        #{runId} {name}
      </Text>
      {faces.status === 'loading' && <LoadingState label="Loading the pinned faces…" compact />}
      {faces.status === 'error' && (
        <ErrorNotice title="Could not load the pinned faces" error={faces.error} onRetry={faces.reload} />
      )}
      {faces.status === 'ready' && faces.data.length === 0 && (
        <Text size="sm" c="dimmed">
          None yet: pin faces in the <Anchor href={`#/latent/${runId}`}>latent studio</Anchor>.
        </Text>
      )}
      {faces.status === 'ready' && faces.data.length > 0 && (
        <Group gap="sm">
          {faces.data.map((face) => (
            <Stack key={face.id} gap={2} align="center" w={THUMB}>
              <PinnedFaceThumb face={face} size={THUMB} />
              <Text size="xs" truncate="end" maw={THUMB} title={face.name}>
                {face.name}
              </Text>
            </Stack>
          ))}
        </Group>
      )}
    </Stack>
  )
}
