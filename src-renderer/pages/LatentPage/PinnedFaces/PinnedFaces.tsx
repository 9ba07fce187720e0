import { ActionIcon, Button, Group, Stack, Text, TextInput, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { memo, useState } from 'react'
import type { PinnedFace } from '../../../../src-shared/contract/latent'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { LoadingState } from '../../../components/LoadingState/LoadingState'
import { PinnedFaceThumb } from '../../../components/PinnedFaceThumb/PinnedFaceThumb'
import { usePinnedFaces } from '../../../hooks/usePinnedFaces'
import { studio, unwrap } from '../../../studio'
import type { PickedFace } from '../FacePicker/FacePicker'

const THUMB = 56

/** The run's pinned faces: each can go back onto the path, be renamed or be deleted. */
export const PinnedFaces = memo(function PinnedFaces({
  runId,
  onPick,
}: {
  runId: number
  onPick: (face: PickedFace) => void
}) {
  const faces = usePinnedFaces(runId)
  if (faces.status === 'loading') return <LoadingState label="Loading the pinned faces…" compact />
  if (faces.status === 'error')
    return <ErrorNotice title="Could not load the pinned faces" error={faces.error} onRetry={faces.reload} />
  if (faces.data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No pinned faces yet: name the face you see and pin it to keep it.
      </Text>
    )
  }
  return (
    <Stack gap="xs">
      {faces.data.map((face) => (
        <PinnedFaceRow key={face.id} face={face} onPick={onPick} />
      ))}
    </Stack>
  )
})

function PinnedFaceRow({ face, onPick }: { face: PinnedFace; onPick: (face: PickedFace) => void }) {
  const [editing, setEditing] = useState<string | null>(null)
  const act = (action: Promise<unknown>, failure: string) =>
    action.catch((error: Error) => notifications.show({ color: 'red', title: failure, message: error.message }))
  const rename = (name: string) => {
    setEditing(null)
    if (name.trim() && name.trim() !== face.name)
      void act(unwrap(studio.faces.rename({ faceId: face.id, name })), 'Could not rename the face')
  }
  return (
    <Group gap="sm" wrap="nowrap" data-testid="pinned-face">
      <PinnedFaceThumb face={face} size={THUMB} />
      {editing === null ? (
        <Text size="sm" style={{ flex: 1 }} truncate="end" data-testid="pinned-face-name">
          {face.name}
        </Text>
      ) : (
        <TextInput
          size="xs"
          style={{ flex: 1 }}
          value={editing}
          maxLength={80}
          aria-label={`New name for ${face.name}`}
          autoFocus
          onChange={(event) => setEditing(event.currentTarget.value)}
          onBlur={() => rename(editing)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') rename(editing)
            if (event.key === 'Escape') setEditing(null)
          }}
        />
      )}
      <Button
        size="xs"
        variant="default"
        onClick={() => onPick({ label: face.name, latent: Float32Array.from(face.latent) })}
      >
        Add to path
      </Button>
      <Tooltip label="Rename">
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Rename ${face.name}`}
          onClick={() => setEditing(face.name)}
        >
          ✎
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Delete">
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Delete ${face.name}`}
          onClick={() => void act(unwrap(studio.faces.delete({ faceId: face.id })), 'Could not delete the face')}
        >
          ×
        </ActionIcon>
      </Tooltip>
    </Group>
  )
}
