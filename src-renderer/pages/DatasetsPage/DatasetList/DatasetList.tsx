import { Button, Group, Loader, SimpleGrid, Stack, Title } from '@mantine/core'
import { useState } from 'react'
import { EmptyState } from '../../../components/EmptyState/EmptyState'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { useStudioEvent } from '../../../hooks/useStudioEvent'
import { useStudioQuery } from '../../../hooks/useStudioQuery'
import { studio } from '../../../studio'
import { NewRunModal } from '../../RunsPage/NewRunModal/NewRunModal'
import { DatasetCard } from '../DatasetCard/DatasetCard'
import { DatasetDropZone } from '../DatasetDropZone/DatasetDropZone'
import { DemoDatasetModal } from '../DemoDatasetModal/DemoDatasetModal'
import { ImportModal, type DropOutcome } from '../ImportModal/ImportModal'
import { ImportProgress } from '../ImportProgress/ImportProgress'
import { SampleFacesButton } from '../SampleFacesButton/SampleFacesButton'

type OpenDialog = 'import' | 'import-after-drop' | 'demo' | 'new-run' | null

/** Only the desktop app can grant what was dropped: the browser never gives the page a path. */
async function grantDropped(files: File[]): Promise<DropOutcome> {
  if (!studio.grantDropped) return { refusal: null }
  const reply = await studio.grantDropped(files)
  return reply.ok ? { grant: reply.value } : { refusal: reply.error.message }
}

export function DatasetList() {
  const datasets = useStudioQuery(() => studio.datasets.list({}), [])
  useStudioEvent('datasets.changed', datasets.reload)
  const [dialog, setDialog] = useState<OpenDialog>(null)
  const [drop, setDrop] = useState<DropOutcome | null>(null)
  const onDrop = async (files: File[]) => {
    setDrop(await grantDropped(files))
    setDialog('import-after-drop')
  }
  const takenNames = datasets.status === 'ready' ? datasets.data.map((dataset) => dataset.name) : []
  const hasDatasets = takenNames.length > 0

  const actions = (
    <Group gap="sm" justify="center">
      <Button variant={hasDatasets ? 'default' : 'filled'} onClick={() => setDialog('import')}>
        Import a folder…
      </Button>
      <SampleFacesButton takenNames={takenNames} />
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
          {hasDatasets && (
            // a dataset is one click from training on it: the newcomer's path is sample faces, New run, Start
            <Group gap="sm">
              {actions}
              <Button onClick={() => setDialog('new-run')}>New run</Button>
            </Group>
          )}
        </Group>
        <ImportProgress />
        {datasets.status === 'loading' && <Loader aria-label="Loading datasets" />}
        {datasets.status === 'error' && <ErrorNotice error={datasets.error} onRetry={datasets.reload} />}
        {datasets.status === 'ready' &&
          (datasets.data.length === 0 ? (
            <EmptyState title="No datasets yet" action={actions}>
              Import a folder of face photos to make your first training set (in the desktop app you can also drop one
              folder, or any number of photo files, on this page). No photos at hand? Try the 64 sample faces that come
              with the studio, or make a demo dataset of synthetic faces.
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
        drop={dialog === 'import-after-drop' ? drop : null}
        onClose={() => setDialog(null)}
        takenNames={takenNames}
      />
      <DemoDatasetModal opened={dialog === 'demo'} onClose={() => setDialog(null)} takenNames={takenNames} />
      <NewRunModal opened={dialog === 'new-run'} onClose={() => setDialog(null)} />
    </DatasetDropZone>
  )
}
