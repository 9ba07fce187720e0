import { Anchor, Stack, Title } from '@mantine/core'
import { EmptyState } from '../../components/EmptyState/EmptyState'
import { ErrorNotice } from '../../components/ErrorNotice/ErrorNotice'
import { LoadingState } from '../../components/LoadingState/LoadingState'
import { useAppInfo } from '../../hooks/useAppInfo'
import { useRuns } from '../RunsPage/useRuns'
import { isRunning, useCurrentExport } from './currentExport'
import { ExportForm } from './ExportForm/ExportForm'
import { ExportStatus } from './ExportStatus/ExportStatus'

/** Exports of a run's generator: images, a zip, a sprite sheet, a GIF or the model, into a folder main grants. */
export function ExportPage() {
  const runs = useRuns()
  const info = useAppInfo()
  const current = useCurrentExport()

  if (runs.status === 'loading' || info.status === 'loading') return <LoadingState label="Loading runs…" />
  if (runs.status === 'error')
    return <ErrorNotice title="Could not load the runs" error={runs.error} onRetry={runs.reload} />
  if (info.status === 'error')
    return <ErrorNotice title="Could not reach the studio" error={info.error} onRetry={info.reload} />
  if (runs.runs.length === 0) {
    return (
      <Stack>
        <Title order={2}>Export</Title>
        <EmptyState title="Nothing to export yet" action={<Anchor href="#/runs">Go to runs</Anchor>}>
          Generated image sets, sprite sheets, GIFs and the generator itself can be exported once a run has a
          checkpoint.
        </EmptyState>
      </Stack>
    )
  }
  return (
    <Stack>
      <Title order={2}>Export</Title>
      {current && <ExportStatus entry={current} />}
      <ExportForm
        runs={runs.runs}
        browserMode={info.data.mode === 'browser'}
        running={current && isRunning(current) ? current.title : null}
      />
    </Stack>
  )
}
