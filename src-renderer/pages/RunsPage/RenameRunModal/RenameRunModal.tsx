import { Button, Group, Modal, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { RunSummary } from '../../../../src-shared/contract/runs'
import { studio, unwrap } from '../../../studio'

export function RenameRunModal({ run, opened, onClose }: { run: RunSummary; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Rename run">
      {opened && <RenameForm run={run} onDone={onClose} />}
    </Modal>
  )
}

function RenameForm({ run, onDone }: { run: RunSummary; onDone: () => void }) {
  const [name, setName] = useState(run.name)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const save = async (event: FormEvent) => {
    event.preventDefault()
    const trimmed = name.trim()
    if (trimmed === run.name) return onDone()
    setSaving(true)
    setError(null)
    try {
      await unwrap(studio.runs.update({ runId: run.id, name: trimmed }))
      onDone()
    } catch (caught) {
      setError((caught as Error).message)
      setSaving(false)
    }
  }
  return (
    <form onSubmit={(event) => void save(event)}>
      <Stack>
        <TextInput
          label="Name"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={120}
          error={error}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving} disabled={name.trim() === ''}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
