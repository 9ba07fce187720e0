import { Group, Progress, Stack, Text } from '@mantine/core'
import type { RunSummary } from '../../../../src-shared/contract/runs'
import { etaLabel, STATUS_COLORS } from '../../RunsPage/runText'

interface RunProgressProps {
  run: Pick<RunSummary, 'name' | 'status' | 'epoch' | 'epochs' | 'stepsPerEpoch'>
  /** the newest step seen (live while it trains) */
  step: number
  /** time left; null until step times are known */
  eta: number | null
}

/** How far the run is through its planned steps, as a bar with the epoch, step and time left beside it. */
export function RunProgress({ run, step, eta }: RunProgressProps) {
  const planned = run.stepsPerEpoch * run.epochs
  // Before the worker knows the steps per epoch, epochs are the only measure of progress.
  const fraction = planned > 0 ? step / planned : run.epoch / run.epochs
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10
  const stepText = planned > 0 ? `step ${step.toLocaleString()} of ${planned.toLocaleString()}` : null
  const left = run.status !== 'running' ? null : eta === null ? 'estimating the time left' : `${etaLabel(eta)} left`
  const valueText = [`${percent}%`, `epoch ${run.epoch} of ${run.epochs}`, stepText, left].filter(Boolean).join(', ')
  return (
    <Stack gap={4} data-testid="run-progress">
      <Progress.Root size="lg" radius="sm">
        <Progress.Section
          value={percent}
          color={STATUS_COLORS[run.status]}
          animated={run.status === 'running'}
          withAria={false}
          role="progressbar"
          aria-label={`Training progress of ${run.name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={valueText}
        />
      </Progress.Root>
      <Group justify="space-between" gap="xs" style={{ fontVariantNumeric: 'tabular-nums' }}>
        <Text size="xs" c="dimmed">
          {percent}% · epoch {run.epoch} / {run.epochs}
          {stepText && ` · ${stepText}`}
        </Text>
        {left && (
          <Text size="xs" c="dimmed">
            {left}
          </Text>
        )}
      </Group>
    </Stack>
  )
}
