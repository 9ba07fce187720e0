import { Alert, Card, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useEffect, useState } from 'react'
import type { NewRun, PreflightEstimate as Estimate } from '../../../../src-shared/contract/runs'
import { studio, unwrap } from '../../../studio'
import { bytesLabel, durationLabel, plural } from '../../../lib/quantityText'

/** Typing in the form waits this long before the pre-flight runs again (each one trains a few real steps). */
const PREFLIGHT_DEBOUNCE_MS = 600

export type PlannedRun = Omit<NewRun, 'name'>

type Outcome = { key: string; epochs: number } & ({ estimate: Estimate } | { error: Error })

function Figure({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
      {detail && (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      )}
    </Stack>
  )
}

/**
 * What a few real training steps of the planned run predict: time per epoch and in total, peak memory, disk.
 * Re-estimated (debounced) whenever the plan changes; the previous figures stay, dimmed, while it works.
 */
export function PreflightEstimate({
  plan,
  facesAfterEpochs = null,
}: {
  plan: PlannedRun | null
  facesAfterEpochs?: number | null
}) {
  const key = plan ? JSON.stringify(plan) : null
  const [settledKey] = useDebouncedValue(key, PREFLIGHT_DEBOUNCE_MS)
  const [outcome, setOutcome] = useState<Outcome | null>(null)

  useEffect(() => {
    if (settledKey === null) return
    let live = true
    const request = JSON.parse(settledKey) as PlannedRun
    unwrap(studio.runs.preflight(request)).then(
      (estimate) => live && setOutcome({ key: settledKey, epochs: request.epochs, estimate }),
      (error: Error) => live && setOutcome({ key: settledKey, epochs: request.epochs, error }),
    )
    return () => {
      live = false
    }
  }, [settledKey])

  const current = outcome?.key === key ? outcome : null
  const working = key !== null && current === null
  const shown = outcome && 'estimate' in outcome && (working || current) ? outcome : null

  return (
    <Card withBorder padding="sm" data-testid="preflight" aria-busy={working} aria-live="polite">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={600}>
            Pre-flight estimate
          </Text>
          {working && (
            <Group gap={6}>
              <Loader size="xs" />
              <Text size="xs" c="dimmed">
                Timing a few real training steps…
              </Text>
            </Group>
          )}
        </Group>
        {key === null && (
          <Text size="sm" c="dimmed">
            Pick a dataset and the number of epochs to see how long the run will take, and the memory and disk it needs.
          </Text>
        )}
        {current && 'error' in current && (
          <Alert color="yellow" title="No estimate for these settings" role="alert" p="xs">
            {current.error.message}
          </Alert>
        )}
        {shown && (
          <>
            <SimpleGrid
              cols={{ base: 2, sm: 4 }}
              spacing="sm"
              style={{ opacity: working ? 0.5 : 1 }}
              data-testid="preflight-figures"
            >
              <Figure
                label="Per epoch"
                value={durationLabel(shown.estimate.secondsPerEpoch)}
                detail={`${plural(shown.estimate.stepsPerEpoch, 'step')} × ${shown.estimate.msPerStep.toFixed(0)} ms + ${durationLabel(shown.estimate.epochEndSeconds)} faces, checkpoint and quality score`}
              />
              <Figure
                label="In total"
                value={durationLabel(shown.estimate.totalSeconds)}
                detail={`${plural(shown.epochs, 'epoch')} + ${durationLabel(shown.estimate.startupSeconds)} to start`}
              />
              <Figure label="Peak memory" value={bytesLabel(shown.estimate.peakMemoryBytes)} />
              <Figure label="Disk" value={bytesLabel(shown.estimate.diskBytes)} detail="checkpoints and faces" />
            </SimpleGrid>
            {facesAfterEpochs !== null && (
              <Text size="sm" data-testid="faces-expectation">
                {facesExpectation(facesAfterEpochs, shown.epochs, shown.estimate.secondsPerEpoch)}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              Measured on {shown.estimate.backend} · {shown.estimate.device}
            </Text>
          </>
        )}
      </Stack>
    </Card>
  )
}

/** When faces should show, in words, with the time it takes to get there at the measured speed. */
export function facesExpectation(facesAfterEpochs: number, epochs: number, secondsPerEpoch: number): string {
  const when = `after about ${plural(facesAfterEpochs, 'epoch')} (${durationLabel(facesAfterEpochs * secondsPerEpoch)} in)`
  return facesAfterEpochs <= epochs
    ? `Faces start to appear ${when}, then sharpen until the end.`
    : `This run ends before faces usually appear: they start ${when}.`
}
