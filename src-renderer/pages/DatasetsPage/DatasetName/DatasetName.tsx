import { Button, Group, TextInput, Title } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { DatasetSummary } from '../../../../src-shared/contract/datasets'
import { studio, unwrap } from '../../../studio'

/** The dataset's name as the page title, renamed in place. */
export function DatasetName({ dataset }: { dataset: DatasetSummary }) {
  const [draft, setDraft] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  if (draft === null) {
    return (
      <Group gap="xs" wrap="nowrap">
        <Title order={2} style={{ overflowWrap: 'anywhere' }}>
          {dataset.name}
        </Title>
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => {
            setError(null)
            setDraft(dataset.name)
          }}
        >
          Rename
        </Button>
      </Group>
    )
  }

  const save = async (event: FormEvent) => {
    event.preventDefault()
    const name = draft.trim()
    if (name === dataset.name) return setDraft(null)
    setSaving(true)
    setError(null)
    try {
      await unwrap(studio.datasets.rename({ datasetId: dataset.id, name }))
      setDraft(null)
    } catch (caught) {
      setError((caught as Error).message)
    } finally {
      setSaving(false)
    }
  }

  return (
    <form onSubmit={(event) => void save(event)}>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <TextInput
          aria-label="Dataset name"
          value={draft}
          onChange={(event) => setDraft(event.currentTarget.value)}
          onKeyDown={(event) => event.key === 'Escape' && setDraft(null)}
          error={error}
          maxLength={120}
          size="md"
          autoFocus
        />
        <Button type="submit" loading={saving} disabled={draft.trim() === ''} size="md">
          Save
        </Button>
        <Button variant="default" onClick={() => setDraft(null)} disabled={saving} size="md">
          Cancel
        </Button>
      </Group>
    </form>
  )
}
