import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import type { RunSummary } from '../../../../src-shared/contract/runs'
import { studio, unwrap } from '../../../studio'
import { bytesLabel, plural } from '../../../lib/quantityText'

interface DeleteRunModalProps {
  run: RunSummary
  opened: boolean
  onClose: () => void
  onDeleted?: () => void
}

/** Confirms, deletes, and says how much disk the run's samples and checkpoints took. */
export function DeleteRunModal({ run, opened, onClose, onDeleted }: DeleteRunModalProps) {
  const [deleting, setDeleting] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const remove = async () => {
    setDeleting(true)
    setError(null)
    try {
      const { freedBytes } = await unwrap(studio.runs.delete({ runId: run.id }))
      notifications.show({ color: 'teal', title: `Deleted "${run.name}"`, message: `${bytesLabel(freedBytes)} freed.` })
      setDeleting(false)
      onClose()
      onDeleted?.()
    } catch (caught) {
      setError(caught as Error)
      setDeleting(false)
    }
  }
  return (
    <Modal opened={opened} onClose={() => !deleting && onClose()} title={`Delete "${run.name}"?`}>
      <Stack>
        <Text size="sm">This removes from the studio:</Text>
        <List size="sm" spacing={4}>
          <List.Item>its loss history ({plural(run.step, 'step')})</List.Item>
          <List.Item>the generated faces of every epoch</List.Item>
          <List.Item>its checkpoints: the run cannot be resumed or explored afterwards</List.Item>
        </List>
        <Text size="sm" c="dimmed">
          The dataset &quot;{run.datasetName}&quot; is kept.
        </Text>
        {error && (
          <Alert color="red" title="Could not delete the run" role="alert">
            {error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={deleting} data-autofocus>
            Keep it
          </Button>
          <Button color="red" onClick={() => void remove()} loading={deleting}>
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
