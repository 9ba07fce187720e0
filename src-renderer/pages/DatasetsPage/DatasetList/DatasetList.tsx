import { Button, Group, Loader, SimpleGrid, Stack, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import type { FolderGrant } from '../../../../src-main/contract/datasets'
import { EmptyState } from '../../../components/EmptyState/EmptyState'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { useStudioEvent } from '../../../hooks/useStudioEvent'
import { useStudioQuery } from '../../../hooks/useStudioQuery'
import { studio } from '../../../studio'
import { DatasetCard } from '../DatasetCard/DatasetCard'
import { DatasetDropZone } from '../DatasetDropZone/DatasetDropZone'
import { DemoDatasetModal } from '../DemoDatasetModal/DemoDatasetModal'
import { ImportModal } from '../ImportModal/ImportModal'
import { ImportProgress } from '../ImportProgress/ImportProgress'

type OpenDialog = 'import' | 'import-after-drop' | 'demo' | null

async function grantDropped(files: File[]): Promise<FolderGrant | null> {
  const [first] = files
  if (!first || !studio.grantDroppedFolder) return null
  const reply = await studio.grantDroppedFolder(first)
  if (reply.ok) return reply.value
  notifications.show({ color: 'red', title: 'Cannot import what was dropped', message: reply.error.message })
  return null
}

export function DatasetList() {
  const datasets = useStudioQuery(() => studio.datasets.list({}), [])
  useStudioEvent('datasets.changed', datasets.reload)
  const [dialog, setDialog] = useState<OpenDialog>(null)
  const [droppedGrant, setDroppedGrant] = useState<FolderGrant | null>(null)
  const onDrop = async (files: File[]) => {
    setDroppedGrant(await grantDropped(files))
    setDialog('import-after-drop')
  }
  const takenNames = datasets.status === 'ready' ? datasets.data.map((dataset) => dataset.name) : []

  const actions = (
    <Group gap="sm" justify="center">
      <Button onClick={() => setDialog('import')}>Import a folder…</Button>
      <Button variant="default" onClick={() => setDialog('demo')}>
        Make a demo dataset
      </Button>
    </Group>
  )

  return (
    <DatasetDropZone onDrop={(files) => void onDrop(files)}>
      <Stack>
        <Group justify="space-between">
          <Title order={2}>Datasets</Title>
          {datasets.status === 'ready' && datasets.data.length > 0 && actions}
        </Group>
        <ImportProgress />
        {datasets.status === 'loading' && <Loader aria-label="Loading datasets" />}
        {datasets.status === 'error' && <ErrorNotice error={datasets.error} onRetry={datasets.reload} />}
        {datasets.status === 'ready' &&
          (datasets.data.length === 0 ? (
            <EmptyState title="No datasets yet" action={actions}>
              Import a folder of face photos to make your first training set, or make a demo dataset of synthetic faces to try
              things out.
            </EmptyState>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 4 }}>
              {datasets.data.map((dataset) => (
                <DatasetCard key={dataset.id} dataset={dataset} />
              ))}
            </SimpleGrid>
          ))}
      </Stack>
      <ImportModal
        opened={dialog === 'import' || dialog === 'import-after-drop'}
        openedByDrop={dialog === 'import-after-drop'}
        droppedGrant={dialog === 'import-after-drop' ? droppedGrant : null}
        onClose={() => setDialog(null)}
        takenNames={takenNames}
      />
      <DemoDatasetModal opened={dialog === 'demo'} onClose={() => setDialog(null)} takenNames={takenNames} />
    </DatasetDropZone>
  )
}
