import { Alert, Anchor, Group, Stack, Text, Title } from '@mantine/core'
import type { RunDetail } from '../../../../src-shared/contract/runs'
import { useLiveStep } from '../../RunsPage/liveSteps'
import { RunActions } from '../../RunsPage/RunActions/RunActions'
import { RunProgress } from '../RunProgress/RunProgress'
import { RunStatusBadge } from '../../RunsPage/RunStatusBadge/RunStatusBadge'
import { etaLabel, etaMs, lossLabel } from '../../RunsPage/runText'
import { trainingStatus } from './trainingStatus'

export function RunHeader({ run }: { run: RunDetail }) {
  const live = useLiveStep(run.id)
  const fresh = live !== null && run.status === 'running' && live.step >= run.step ? live : null
  const losses = fresh ?? run.latestLosses
  const step = fresh?.step ?? run.step
  const eta = etaMs(run, step, fresh?.meanStepMs ?? null)
  // A default name ("quick on Faces") already says both: the subtitle then only links the dataset.
  const nameSaysPresetAndDataset = run.name.startsWith(`${run.preset} on ${run.datasetName}`)
  return (
    <Stack gap="xs">
      <Anchor href="#/runs" size="sm">
        ← All runs
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="sm" wrap="nowrap">
            <Title order={2} style={{ overflowWrap: 'anywhere' }}>
              {run.name}
            </Title>
            <RunStatusBadge run={run} size="lg" />
          </Group>
          <Text size="sm" c="dimmed" data-testid="run-subtitle">
            {nameSaysPresetAndDataset ? 'Dataset: ' : `${run.preset} on `}
            <Anchor href={`#/datasets/${run.datasetId}`} size="sm">
              {run.datasetName}
            </Anchor>{' '}
            · {run.backend ?? 'backend not chosen yet'}
          </Text>
          <Group gap="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
            <Text size="sm">
              Epoch <b>{run.epoch}</b> / {run.epochs}
            </Text>
            <Text size="sm">
              Step <b>{step.toLocaleString()}</b>
              {run.stepsPerEpoch > 0 && ` / ${(run.stepsPerEpoch * run.epochs).toLocaleString()}`}
            </Text>
            <Text size="sm" data-testid="run-eta">
              ETA <b>{etaLabel(eta)}</b>
            </Text>
            {losses && (
              <Text size="sm">
                D <b>{lossLabel(losses.dLoss)}</b> · G <b>{lossLabel(losses.gLoss)}</b>
              </Text>
            )}
          </Group>
          <Text size="sm" fw={500} data-testid="training-status" aria-live="polite">
            {trainingStatus(run, step, eta)}
          </Text>
        </Stack>
        <RunActions run={run} onDeleted={() => (window.location.hash = '#/runs')} />
      </Group>
      <RunProgress run={run} step={step} eta={eta} />
      {run.statusReason && (
        <Alert
          color={run.status === 'failed' ? 'red' : run.status === 'interrupted' ? 'orange' : 'yellow'}
          title={`Run ${run.status}`}
        >
          {run.statusReason}
        </Alert>
      )}
    </Stack>
  )
}
