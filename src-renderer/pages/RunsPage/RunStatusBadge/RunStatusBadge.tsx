import { Badge, Tooltip } from '@mantine/core'
import type { RunSummary } from '../../../../src-shared/contract/runs'
import { STATUS_COLORS } from '../runText'

/** The run's status; a failed, interrupted or paused run says why on hover (and to screen readers). */
export function RunStatusBadge({
  run,
  size = 'md',
}: {
  run: Pick<RunSummary, 'status' | 'statusReason'>
  size?: 'sm' | 'md' | 'lg'
}) {
  const badge = (
    <Badge
      color={STATUS_COLORS[run.status]}
      variant={run.status === 'running' ? 'filled' : 'light'}
      size={size}
      data-testid="run-status"
      data-status={run.status}
      aria-description={run.statusReason ?? undefined}
    >
      {run.status}
    </Badge>
  )
  if (!run.statusReason) return badge
  return (
    <Tooltip label={run.statusReason} multiline maw={360}>
      {badge}
    </Tooltip>
  )
}
