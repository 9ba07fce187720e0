import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core'
import type { RunDetail } from '../../../../src-shared/contract/runs'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { BEST_EPOCH_COLOR, SwdChart } from '../../../components/SwdChart/SwdChart'
import { useStudioEvent } from '../../../hooks/useStudioEvent'
import { useStudioQuery } from '../../../hooks/useStudioQuery'
import { studio } from '../../../studio'

const LINE_COLOR = '#5f3dc4'

/** The run's SWD by epoch, its best epoch marked; read again whenever the run's row changes (an epoch was scored). */
export function QualityPlot({ run }: { run: RunDetail }) {
  const quality = useStudioQuery(() => studio.runs.quality({ runId: run.id }), [run.id])
  useStudioEvent('runs.changed', (changed) => changed.id === run.id && quality.reload())
  const best = run.bestEpoch !== null && run.bestSwd !== null ? { epoch: run.bestEpoch, swd: run.bestSwd } : null
  const scored = quality.status === 'ready' ? quality.data : []

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Title order={4}>Quality (SWD)</Title>
          {best && (
            <Badge
              variant="light"
              color="yellow"
              leftSection={<span style={{ color: BEST_EPOCH_COLOR }}>●</span>}
              data-testid="best-epoch"
            >
              Best: epoch {best.epoch}, SWD {best.swd.toFixed(1)}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          How far this run&apos;s faces are from its training photos: lower is better. A rising line while the losses
          look calm is worth a look at the faces.
        </Text>
        {quality.status === 'error' && (
          <ErrorNotice title="Could not load the run's quality" error={quality.error} onRetry={quality.reload} />
        )}
        {quality.status === 'ready' && scored.length === 0 ? (
          <Text size="sm" c="dimmed">
            No epoch scored yet: the first score comes after epoch 1.
          </Text>
        ) : (
          <SwdChart title="SWD by epoch" lines={[{ label: 'SWD', color: LINE_COLOR, quality: scored }]} best={best} />
        )}
        <Text size="xs" c="dimmed">
          Sliced Wasserstein distance (×1000) between 256 faces of the averaged (EMA) generator and 256 of the
          run&apos;s photos, at full and half resolution. Epochs are scored as often as keeps scoring under a tenth of
          training time, and always the last one.
        </Text>
      </Stack>
    </Card>
  )
}
