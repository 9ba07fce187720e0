import { Anchor, Badge, Center, Group, Image, Stack, Table, Text } from '@mantine/core'
import type { RunSummary } from '../../../../src-shared/contract/runs'
import { studio } from '../../../studio'
import { useLiveStep } from '../liveSteps'
import { RunActions } from '../RunActions/RunActions'
import { RunStatusBadge } from '../RunStatusBadge/RunStatusBadge'
import { etaLabel, etaMs, lossLabel } from '../runText'

const THUMB = 56
/** The breakpoint from which the cover, preset and backend columns show (the run's page has them all). */
export const WIDE = 'lg'

/** One run in the list; its losses and ETA follow the live `runs.steps` events while it trains. */
export function RunRow({ run }: { run: RunSummary }) {
  const live = useLiveStep(run.id)
  const fresh = live !== null && run.status === 'running' && live.step >= run.step ? live : null
  const losses = fresh ?? run.latestLosses
  const eta = etaLabel(etaMs(run, fresh?.step ?? run.step, fresh?.meanStepMs ?? null))
  return (
    <Table.Tr data-testid="run-row" data-run-id={run.id}>
      <Table.Td w={THUMB + 16} visibleFrom={WIDE}>
        {run.coverMediaId ? (
          <Image
            src={studio.mediaUrl(run.coverMediaId)}
            w={THUMB}
            h={THUMB}
            radius="sm"
            alt={`Latest faces of ${run.name}`}
            style={{ imageRendering: 'pixelated' }}
          />
        ) : (
          <Center
            w={THUMB}
            h={THUMB}
            bg="var(--mantine-color-default-hover)"
            style={{ borderRadius: 'var(--mantine-radius-sm)' }}
          >
            <Text c="dimmed" size="xs">
              no faces
            </Text>
          </Center>
        )}
      </Table.Td>
      <Table.Td style={{ maxWidth: 220 }}>
        <Stack gap={0}>
          <Anchor href={`#/runs/${run.id}`} fw={600} truncate="end">
            {run.name}
          </Anchor>
          <Text size="xs" c="dimmed" truncate="end">
            {run.datasetName}
            <Text span size="xs" hiddenFrom={WIDE}>
              {` · ${run.preset}`}
            </Text>
          </Text>
          {run.tags.length > 0 && (
            <Group gap={4} mt={2} data-testid="run-tags">
              {run.tags.map((tag) => (
                <Badge key={tag} size="xs" variant="outline" color="gray">
                  {tag}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
      </Table.Td>
      <Table.Td visibleFrom={WIDE}>{run.preset}</Table.Td>
      <Table.Td visibleFrom={WIDE}>{run.backend ?? '—'}</Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          {/* The badge truncates itself when squeezed: a narrow table wraps the other cells first. */}
          <div style={{ minWidth: 'max-content' }}>
            <RunStatusBadge run={run} size="sm" />
          </div>
          {run.statusReason && (run.status === 'failed' || run.status === 'interrupted') && (
            <Text size="xs" c="dimmed" lineClamp={2} maw={220}>
              {run.statusReason}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {run.epoch} / {run.epochs}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }} data-testid="run-eta">
        {eta}
      </Table.Td>
      <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>
        {losses ? (
          <Text size="sm">
            {/* On a narrow window G goes under D rather than pushing the actions off screen. */}
            <span style={{ whiteSpace: 'nowrap' }}>D {lossLabel(losses.dLoss)} ·</span>{' '}
            <span style={{ whiteSpace: 'nowrap' }}>G {lossLabel(losses.gLoss)}</span>
          </Text>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>
        <RunActions run={run} compact />
      </Table.Td>
    </Table.Tr>
  )
}
