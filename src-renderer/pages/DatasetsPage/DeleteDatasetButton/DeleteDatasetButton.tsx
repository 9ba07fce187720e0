import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import type { DatasetSummary } from '../../../../src-shared/contract/datasets'
import { studio, StudioCallError, unwrap } from '../../../studio'
import { bytesLabel, plural } from '../../../lib/quantityText'
import { sizesLabel } from '../datasetText'

/** Deletes the dataset after a confirmation that says what goes; then returns to the list. */
export function DeleteDatasetButton({ dataset }: { dataset: DatasetSummary }) {
  const [opened, setOpened] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [error, setError] = useState<Error | null>(null)

  const deleteDataset = async () => {
    setDeleting(true)
    setError(null)
    try {
      const { freedBytes } = await unwrap(studio.datasets.delete({ datasetId: dataset.id }))
      notifications.show({
        color: 'teal',
        title: `Deleted "${dataset.name}"`,
        message: `${bytesLabel(freedBytes)} freed.`,
      })
      window.location.hash = '#/datasets'
    } catch (caught) {
      setError(caught as Error)
      setDeleting(false)
    }
  }

  return (
    <>
      <Button
        color="red"
        variant="light"
        onClick={() => {
          setError(null)
          setOpened(true)
        }}
        style={{ flexShrink: 0 }}
      >
        Delete dataset
      </Button>
      <Modal opened={opened} onClose={() => !deleting && setOpened(false)} title={`Delete "${dataset.name}"?`}>
        <Stack>
          <Text size="sm">This removes from the studio:</Text>
          <List size="sm" spacing={4}>
            <List.Item>
              its {plural(dataset.imageCount, 'image')}, prepared at {sizesLabel(dataset.sizes)}, and their thumbnails
            </List.Item>
            <List.Item>which images you excluded and which are flagged as duplicates</List.Item>
            {dataset.rejectedCount > 0 && (
              <List.Item>the list of {plural(dataset.rejectedCount, 'rejected file')}</List.Item>
            )}
          </List>
          <Text size="sm" c="dimmed">
            The folder it was imported from ({dataset.sourceLabel}) is not touched. Runs train on the dataset's own
            cache, so a dataset that runs use cannot be deleted until those runs are.
          </Text>
          {error && (
            <Alert
              color="red"
              title={
                error instanceof StudioCallError && error.code === 'CONFLICT'
                  ? 'This dataset is in use'
                  : 'Could not delete the dataset'
              }
              role="alert"
            >
              {error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)} disabled={deleting} data-autofocus>
              Keep it
            </Button>
            <Button color="red" onClick={() => void deleteDataset()} loading={deleting}>
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
