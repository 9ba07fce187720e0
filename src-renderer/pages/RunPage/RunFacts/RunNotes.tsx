import { Button, Group, Stack, TagsInput, Textarea } from '@mantine/core'
import { useState } from 'react'
import type { RunDetail } from '../../../../src-shared/contract/runs'
import { studio, unwrap } from '../../../studio'

/** Notes and tags, saved together with runs.update. */
export function RunNotes({ run, onSaved }: { run: Pick<RunDetail, 'id' | 'notes' | 'tags'>; onSaved?: () => void }) {
  const [notes, setNotes] = useState(run.notes)
  const [tags, setTags] = useState(run.tags)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState({ notes: run.notes, tags: run.tags })
  const dirty = notes !== saved.notes || tags.join('\n') !== saved.tags.join('\n')

  const save = async () => {
    setSaving(true)
    setError(null)
    try {
      await unwrap(studio.runs.update({ runId: run.id, notes, tags }))
      setSaved({ notes, tags })
      onSaved?.()
    } catch (caught) {
      setError((caught as Error).message)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Stack gap="xs">
      <Textarea
        label="Notes"
        value={notes}
        onChange={(event) => setNotes(event.currentTarget.value)}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={4000}
        error={error}
      />
      <TagsInput
        label="Tags"
        value={tags}
        onChange={setTags}
        maxTags={20}
        placeholder="Type a tag, then Enter"
        clearable
      />
      <Group justify="flex-end" gap="xs">
        <Button
          size="compact-sm"
          variant="default"
          disabled={!dirty || saving}
          onClick={() => {
            setNotes(saved.notes)
            setTags(saved.tags)
          }}
        >
          Discard
        </Button>
        <Button size="compact-sm" onClick={() => void save()} loading={saving} disabled={!dirty}>
          Save notes
        </Button>
      </Group>
    </Stack>
  )
}
