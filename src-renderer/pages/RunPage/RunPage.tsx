import { Anchor, Stack } from '@mantine/core'
import { EmptyState } from '../../components/EmptyState/EmptyState'
import { ErrorNotice } from '../../components/ErrorNotice/ErrorNotice'
import { LoadingState } from '../../components/LoadingState/LoadingState'
import { useStudioEvent } from '../../hooks/useStudioEvent'
import { useStudioQuery } from '../../hooks/useStudioQuery'
import { studio, StudioCallError } from '../../studio'
import { EpochGallery } from './EpochGallery/EpochGallery'
import { HealthPanel } from './HealthPanel/HealthPanel'
import { LossPlot } from './LossPlot/LossPlot'
import { QualityPlot } from './QualityPlot/QualityPlot'
import { RunFacts } from './RunFacts/RunFacts'
import { RunHeader } from './RunHeader/RunHeader'
import { TrainMore } from './TrainMore/TrainMore'

/** One run: its status, progress and controls, the faces of every epoch, live curves, and what it was trained with. */
export function RunPage({ runId }: { runId: number }) {
  const detail = useStudioQuery(() => studio.runs.get({ runId }), [runId])
  // The run's row changes on status, epoch, samples and checkpoints: re-read the detail (the page stays shown meanwhile).
  useStudioEvent('runs.changed', (run) => run.id === runId && detail.reload())
  useStudioEvent('runs.removed', (event) => event.runId === runId && detail.reload())

  if (detail.status === 'loading') return <LoadingState label="Loading the run…" />
  if (detail.status === 'error') {
    if (detail.error instanceof StudioCallError && detail.error.code === 'NOT_FOUND') {
      return (
        <EmptyState title="No such run" action={<Anchor href="#/runs">Back to runs</Anchor>}>
          Run {runId} does not exist, or was deleted.
        </EmptyState>
      )
    }
    return <ErrorNotice title="Could not load the run" error={detail.error} onRetry={detail.reload} />
  }
  const run = detail.data
  return (
    <Stack>
      <RunHeader run={run} />
      <TrainMore run={run} />
      <HealthPanel run={run} />
      {/* The faces first, as they are what a run is for; the curves below explain them. */}
      <EpochGallery run={run} />
      <LossPlot runId={runId} runName={run.name} stepsPerEpoch={run.stepsPerEpoch} />
      <QualityPlot run={run} />
      <RunFacts run={run} />
    </Stack>
  )
}
