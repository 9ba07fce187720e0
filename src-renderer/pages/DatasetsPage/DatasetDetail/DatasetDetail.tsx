import { Anchor, Group, Loader, Stack, Text } from '@mantine/core'
import { EmptyState } from '../../../components/EmptyState/EmptyState'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { useStudioEvent } from '../../../hooks/useStudioEvent'
import { useStudioQuery } from '../../../hooks/useStudioQuery'
import { studio, StudioCallError } from '../../../studio'
import { DatasetImages } from '../DatasetImages/DatasetImages'
import { DatasetName } from '../DatasetName/DatasetName'
import { DatasetStats } from '../DatasetStats/DatasetStats'
import { DeleteDatasetButton } from '../DeleteDatasetButton/DeleteDatasetButton'
import { RejectedFilesTable } from '../RejectedFilesTable/RejectedFilesTable'

const backLink = (
  <Anchor href="#/datasets" size="sm">
    ← All datasets
  </Anchor>
)

export function DatasetDetail({ datasetId }: { datasetId: number }) {
  const dataset = useStudioQuery(() => studio.datasets.get({ datasetId }), [datasetId])
  useStudioEvent('datasets.changed', (event) => {
    // null: some dataset was deleted, perhaps this one.
    if (event.datasetId === datasetId || event.datasetId === null) dataset.reload()
  })
  // A run starting or stopping on this dataset decides whether its crops can be moved.
  useStudioEvent('runs.changed', (run) => {
    if (run.datasetId === datasetId) dataset.reload()
  })

  if (dataset.status === 'loading') return <Loader aria-label="Loading the dataset" />
  if (dataset.status === 'error') {
    if (dataset.error instanceof StudioCallError && dataset.error.code === 'NOT_FOUND') {
      return (
        <EmptyState title="Dataset not found" action={backLink}>
          It may have been deleted.
        </EmptyState>
      )
    }
    return (
      <Stack align="flex-start">
        {backLink}
        <ErrorNotice error={dataset.error} onRetry={dataset.reload} />
      </Stack>
    )
  }

  const detail = dataset.data
  return (
    <Stack>
      {backLink}
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <DatasetName dataset={detail} />
          <Text size="sm" c="dimmed">
            From {detail.sourceLabel} · imported {new Date(detail.createdAt).toLocaleString()}
          </Text>
        </Stack>
        <DeleteDatasetButton dataset={detail} />
      </Group>
      <DatasetStats dataset={detail} />
      <DatasetImages dataset={detail} />
      <RejectedFilesTable datasetId={detail.id} />
    </Stack>
  )
}
