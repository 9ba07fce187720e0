import { Button, Group, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { memo, useState, type FormEvent } from 'react'
import { studio, unwrap } from '../../../studio'

/**
 * Names the face on screen and keeps it (its latent and the checkpoint it was drawn by). It reads the
 * latent when pinning, so it does not render again while sliders move.
 */
export const PinFaceForm = memo(function PinFaceForm({
  runId,
  checkpointId,
  currentLatent,
}: {
  runId: number
  checkpointId: number
  currentLatent: () => Float32Array
}) {
  const [name, setName] = useState('')
  const [pinning, setPinning] = useState(false)
  const pin = async (event: FormEvent) => {
    event.preventDefault()
    setPinning(true)
    try {
      const face = await unwrap(
        studio.faces.pin({ runId, checkpointId, name: name.trim(), latent: Array.from(currentLatent()) }),
      )
      notifications.show({ color: 'green', message: `Pinned “${face.name}”.` })
      setName('')
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not pin the face', message: (error as Error).message })
    } finally {
      setPinning(false)
    }
  }
  return (
    <form onSubmit={(event) => void pin(event)}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          label="Name this face"
          placeholder="e.g. Smiling, dark hair"
          value={name}
          maxLength={80}
          onChange={(event) => setName(event.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button type="submit" loading={pinning} disabled={name.trim() === ''}>
          Pin face
        </Button>
      </Group>
    </form>
  )
})
