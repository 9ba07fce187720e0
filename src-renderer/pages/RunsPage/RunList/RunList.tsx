import { Button, Group, Table, Title } from '@mantine/core'
import { useState } from 'react'
import { EmptyState } from '../../../components/EmptyState/EmptyState'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { LoadingState } from '../../../components/LoadingState/LoadingState'
import { NewRunModal } from '../NewRunModal/NewRunModal'
import { RunRow, WIDE } from '../RunRow/RunRow'
import { useRuns } from '../useRuns'

export function RunList() {
  const runs = useRuns()
  const [creating, setCreating] = useState(false)
  const newRun = <Button onClick={() => setCreating(true)}>New run</Button>

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>Runs</Title>
        {runs.status === 'ready' && runs.runs.length > 0 && newRun}
      </Group>
      {runs.status === 'loading' && <LoadingState label="Loading runs…" />}
      {runs.status === 'error' && (
        <ErrorNotice title="Could not load the runs" error={runs.error} onRetry={runs.reload} />
      )}
      {runs.status === 'ready' &&
        (runs.runs.length === 0 ? (
          <EmptyState title="No runs yet" action={newRun}>
            Import a dataset, then start a run: its losses and every epoch&apos;s faces appear here.
          </EmptyState>
        ) : (
          // Below 1200 px the less useful columns give way, so epoch, ETA, losses and the actions stay on screen; a native
          // scrollbar (always shown) is the last resort on narrower windows.
          <Table.ScrollContainer minWidth={600} type="native">
            <Table verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th aria-label="Latest faces" visibleFrom={WIDE} />
                  <Table.Th>Run</Table.Th>
                  <Table.Th visibleFrom={WIDE}>Preset</Table.Th>
                  <Table.Th visibleFrom={WIDE}>Backend</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Epoch</Table.Th>
                  <Table.Th>ETA</Table.Th>
                  <Table.Th>Latest losses</Table.Th>
                  <Table.Th aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {runs.runs.map((run) => (
                  <RunRow key={run.id} run={run} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
      <NewRunModal opened={creating} onClose={() => setCreating(false)} />
    </>
  )
}
