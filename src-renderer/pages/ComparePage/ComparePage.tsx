import { Anchor, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { EmptyState } from '../../components/EmptyState/EmptyState'
import { ErrorNotice } from '../../components/ErrorNotice/ErrorNotice'
import { LoadingState } from '../../components/LoadingState/LoadingState'
import { useRuns } from '../RunsPage/useRuns'
import { CompareCurves } from './CompareCurves/CompareCurves'
import { CompareGrids } from './CompareGrids/CompareGrids'
import { CompareQuality } from './CompareQuality/CompareQuality'
import { ComparePinnedFaces } from './ComparePinnedFaces/ComparePinnedFaces'
import { HyperparameterTable } from './HyperparameterTable/HyperparameterTable'
import { RunPicker } from './RunPicker/RunPicker'
import { useCompareData } from './useCompareData'

export function ComparePage() {
  const runs = useRuns()
  const [chosen, setChosen] = useState<number[] | null>(null)
  const available = runs.status === 'ready' ? runs.runs : []
  // Until the user picks, compare the two newest runs; drop any that were deleted.
  const picked = (chosen ?? available.slice(0, 2).map((run) => run.id)).filter((id) =>
    available.some((run) => run.id === id),
  )
  const data = useCompareData(picked.length >= 2 ? picked : [])

  if (runs.status === 'loading') return <LoadingState label="Loading runs…" />
  if (runs.status === 'error')
    return <ErrorNotice title="Could not load the runs" error={runs.error} onRetry={runs.reload} />
  if (available.length < 2) {
    return (
      <Stack>
        <Title order={2}>Compare</Title>
        <EmptyState title="Nothing to compare yet" action={<Anchor href="#/runs">Go to runs</Anchor>}>
          Finish two or more runs to overlay their curves and see their faces side by side.
        </EmptyState>
      </Stack>
    )
  }
  const compared = data.status === 'ready' ? data.runs : data.status === 'loading' ? data.previous : null

  return (
    <Stack>
      <Title order={2}>Compare</Title>
      <RunPicker runs={available} value={picked} onChange={setChosen} />
      {picked.length < 2 && (
        <Text c="dimmed" size="sm">
          Pick at least two runs.
        </Text>
      )}
      {data.status === 'error' && (
        <ErrorNotice title="Could not load the runs to compare" error={data.error} onRetry={data.reload} />
      )}
      {picked.length >= 2 && !compared && data.status !== 'error' && (
        <LoadingState label="Loading their curves and faces…" />
      )}
      {picked.length >= 2 && compared && (
        <>
          <CompareCurves runs={compared} />
          <CompareQuality runs={compared} />
          <HyperparameterTable runs={compared} />
          <CompareGrids runs={compared} />
          <ComparePinnedFaces runs={compared} />
        </>
      )}
    </Stack>
  )
}
