import { Card, Stack, Text, Title } from '@mantine/core'
import { useMemo } from 'react'
import { SwdChart } from '../../../components/SwdChart/SwdChart'
import { RUN_COLORS, runLabel, type ComparedRun } from '../useCompareData'

/** The compared runs' SWD by epoch, overlaid in their colours, each run's best epoch named below. */
export function CompareQuality({ runs }: { runs: readonly ComparedRun[] }) {
  const lines = useMemo(
    () =>
      runs.map((run, index) => ({
        label: runLabel(run),
        color: RUN_COLORS[index % RUN_COLORS.length]!,
        quality: run.quality,
      })),
    [runs],
  )
  const scored = runs.filter((run) => run.detail.bestEpoch !== null && run.detail.bestSwd !== null)
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={4}>Quality (SWD)</Title>
        <Text size="sm" c="dimmed">
          How far each run&apos;s faces are from its own training photos, by epoch: lower is better. Runs on different
          photos are scored against different photos.
        </Text>
        {scored.length === 0 ? (
          <Text size="sm" c="dimmed">
            None of these runs has a scored epoch yet.
          </Text>
        ) : (
          <>
            <SwdChart title="SWD of the compared runs" lines={lines} />
            <Text size="sm" data-testid="compare-best-epochs">
              Best:{' '}
              {scored
                .map(
                  (run) => `${runLabel(run)} at epoch ${run.detail.bestEpoch} (SWD ${run.detail.bestSwd!.toFixed(1)})`,
                )
                .join('; ')}
            </Text>
          </>
        )}
      </Stack>
    </Card>
  )
}
