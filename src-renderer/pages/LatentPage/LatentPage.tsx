import { Anchor, Group, Select, Stack, Switch, Text, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { RunDetail, RunSummary } from '../../../src-shared/contract/runs'
import { EmptyState } from '../../components/EmptyState/EmptyState'
import { ErrorNotice } from '../../components/ErrorNotice/ErrorNotice'
import { LoadingState } from '../../components/LoadingState/LoadingState'
import { useHashRoute } from '../../hooks/useHashRoute'
import { useStudioEvent } from '../../hooks/useStudioEvent'
import { useStudioQuery } from '../../hooks/useStudioQuery'
import {
  bestCheckpoint,
  bestCheckpointLabel,
  bestCheckpointNote,
  type BestCheckpoint,
} from '../../../src-shared/best-checkpoint'
import { studio } from '../../studio'
import { useRuns } from '../RunsPage/useRuns'
import { recallCheckpointPick, recallLatentRun, rememberCheckpointPick, rememberLatentRun } from './latentMemory'
import { LatentStudio } from './LatentStudio/LatentStudio'

const NEWEST = 'newest'
const BEST = 'best'

/** Runs with a generator to explore: at least one epoch trained (so a checkpoint exists). */
const trained = (runs: readonly RunSummary[]) => runs.filter((run) => run.epoch >= 1)

/** #/latent/<runId>: pick a run and one of its checkpoints, then explore that generator's latent space. */
export function LatentPage() {
  const runs = useRuns()
  const [, routeRunId] = useHashRoute()
  if (runs.status === 'loading') return <LoadingState label="Loading runs…" />
  if (runs.status === 'error')
    return <ErrorNotice title="Could not load the runs" error={runs.error} onRetry={runs.reload} />
  const candidates = trained(runs.runs)
  if (candidates.length === 0) {
    return (
      <Stack>
        <Title order={2}>Latent studio</Title>
        <EmptyState title="No trained generator yet" action={<Anchor href="#/runs">Go to runs</Anchor>}>
          Once a run has a checkpoint, explore its latent space here with sliders.
        </EmptyState>
      </Stack>
    )
  }
  // The run in the address, else the one last explored, else the newest.
  const lastRunId = recallLatentRun()
  const runId = (
    candidates.find((run) => String(run.id) === routeRunId) ??
    candidates.find((run) => run.id === lastRunId) ??
    candidates[0]!
  ).id
  return <RunLatentSpace key={runId} runId={runId} candidates={candidates} />
}

function RunLatentSpace({ runId, candidates }: { runId: number; candidates: RunSummary[] }) {
  const detail = useStudioQuery(() => studio.runs.get({ runId }), [runId])
  // a new epoch brings a new checkpoint (and training prunes old ones)
  useStudioEvent('runs.changed', (run) => run.id === runId && detail.reload())
  // the best epoch by SWD first: it is what a run is kept for
  const [picked, setPicked] = useState<string>(() => recallCheckpointPick(runId) ?? BEST)
  const [raw, setRaw] = useState(false)
  useEffect(() => rememberLatentRun(runId), [runId])

  const header = (run: RunDetail | null, best: BestCheckpoint | null = null) => (
    <Group align="flex-end" gap="md">
      <Title order={2} mr="auto">
        Latent studio
      </Title>
      <Select
        label="Run"
        data={candidates.map((run) => ({ value: String(run.id), label: `#${run.id} ${run.name}` }))}
        value={String(runId)}
        onChange={(value) => value && (window.location.hash = `#/latent/${value}`)}
        allowDeselect={false}
        searchable
        w={280}
      />
      <Select
        label="Checkpoint"
        data={[
          ...(best ? [{ value: BEST, label: bestCheckpointLabel(best) }] : []),
          {
            value: NEWEST,
            label: run?.checkpoints.length ? `Newest (epoch ${run.checkpoints.at(-1)!.epoch})` : 'Newest',
          },
          ...(run?.checkpoints ?? [])
            .slice()
            .reverse()
            .map((checkpoint) => ({
              value: String(checkpoint.id),
              label: `Epoch ${checkpoint.epoch} · step ${checkpoint.step.toLocaleString()}`,
            })),
        ]}
        value={picked === BEST && !best ? NEWEST : picked}
        onChange={(value) => {
          setPicked(value ?? NEWEST)
          rememberCheckpointPick(runId, value ?? NEWEST)
        }}
        allowDeselect={false}
        w={260}
        data-testid="latent-checkpoint"
      />
      <Switch
        label="Raw G"
        description="G's own weights, not their average"
        checked={raw}
        onChange={(event) => setRaw(event.currentTarget.checked)}
      />
    </Group>
  )

  if (detail.status === 'loading')
    return (
      <Stack>
        {header(null)}
        <LoadingState label="Loading the run…" />
      </Stack>
    )
  if (detail.status === 'error')
    return (
      <Stack>
        {header(null)}
        <ErrorNotice title="Could not load the run" error={detail.error} onRetry={detail.reload} />
      </Stack>
    )
  const run = detail.data
  const best = bestCheckpoint(run)
  const note = best && picked === BEST ? bestCheckpointNote(best) : null
  // a picked checkpoint that training pruned (or the best, before an epoch was scored) falls back to the newest
  const checkpoint =
    (picked === BEST ? best?.checkpoint : run.checkpoints.find((candidate) => String(candidate.id) === picked)) ??
    run.checkpoints.at(-1)
  return (
    <Stack>
      {header(run, best)}
      {note && (
        <Text size="sm" c="dimmed" data-testid="best-checkpoint-note">
          {note}
        </Text>
      )}
      {checkpoint ? (
        <LatentStudio run={run} checkpoint={checkpoint} raw={raw} />
      ) : (
        <EmptyState title="No checkpoint on disk" action={<Anchor href={`#/runs/${run.id}`}>Open the run</Anchor>}>
          &quot;{run.name}&quot; has no checkpoint left to load a generator from: resume it to train a new one.
        </EmptyState>
      )}
    </Stack>
  )
}
