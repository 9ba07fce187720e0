import { Anchor } from '@mantine/core'
import { EmptyState } from '../../components/EmptyState/EmptyState'
import { useHashRoute } from '../../hooks/useHashRoute'
import { RunPage } from '../RunPage/RunPage'
import { RunList } from './RunList/RunList'

/** `#/runs` lists the runs; `#/runs/<id>` shows one. */
export function RunsPage() {
  const [, runPart] = useHashRoute()
  if (runPart === undefined) return <RunList />
  const runId = Number(runPart)
  if (!Number.isSafeInteger(runId) || runId <= 0) {
    return (
      <EmptyState title="No such run" action={<Anchor href="#/runs">Back to runs</Anchor>}>
        &quot;{runPart}&quot; is not a run address.
      </EmptyState>
    )
  }
  return <RunPage key={runId} runId={runId} />
}
