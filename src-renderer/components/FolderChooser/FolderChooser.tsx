import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { FolderGrant, FolderPurpose } from '../../../src-shared/contract/datasets'
import { studio, unwrap } from '../../studio'
import { ErrorNotice } from '../ErrorNotice/ErrorNotice'

interface FolderChooserProps {
  /** Browser mode has no folder dialog: the folder is named by its path on the studio machine. */
  browserMode: boolean
  grant: FolderGrant | null
  onChange: (grant: FolderGrant | null) => void
  /** What the folder is, e.g. "a folder of face photos"; shown with the dialog button and the path field. */
  purpose: string
  /** What main checks: photos must be there (an empty folder is refused now); an export folder is created if missing. */
  use: FolderPurpose
  /** Desktop app only: what happens to the chosen folder. */
  note?: string
  placeholder?: string
}

/**
 * Choosing a folder without the page ever handling a path it could misuse: main opens the native
 * dialog (desktop app) or checks a typed path (browser mode), and hands back an opaque grant.
 */
export function FolderChooser({ browserMode, grant, onChange, purpose, use, note, placeholder }: FolderChooserProps) {
  if (grant) {
    return (
      <Paper withBorder p="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text truncate>
            <Text span c="dimmed">
              {grant.kind === 'files' ? 'Photos:' : 'Folder:'}{' '}
            </Text>
            {grant.label}
          </Text>
          <Button variant="subtle" size="xs" onClick={() => onChange(null)}>
            Choose another
          </Button>
        </Group>
      </Paper>
    )
  }
  return browserMode ? (
    <FolderPathField onGranted={onChange} purpose={purpose} use={use} placeholder={placeholder} />
  ) : (
    <FolderPicker onGranted={onChange} purpose={purpose} use={use} note={note} />
  )
}

/** Desktop app: main opens the native folder dialog and hands back a grant (null when cancelled). */
function FolderPicker({
  onGranted,
  purpose,
  use,
  note,
}: {
  onGranted: (grant: FolderGrant) => void
  purpose: string
  use: FolderPurpose
  note?: string
}) {
  const [picking, setPicking] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const pick = async () => {
    setPicking(true)
    setError(null)
    try {
      const grant = await unwrap(studio.folders.pick({ purpose: use }))
      if (grant) onGranted(grant)
    } catch (caught) {
      setError(caught as Error)
    } finally {
      setPicking(false)
    }
  }
  return (
    <Stack gap="xs" align="flex-start">
      <Text c="dimmed" size="sm">
        Choose {purpose}.{note ? ` ${note}` : ''}
      </Text>
      <Button onClick={() => void pick()} loading={picking}>
        Choose a folder…
      </Button>
      {error && <ErrorNotice error={error} />}
    </Stack>
  )
}

/** Browser mode: the folder is on the machine running `dcgan-studio serve`, so it is named by its path there. */
function FolderPathField({
  onGranted,
  purpose,
  use,
  placeholder,
}: {
  onGranted: (grant: FolderGrant) => void
  purpose: string
  use: FolderPurpose
  placeholder?: string
}) {
  const [path, setPath] = useState('')
  const [checking, setChecking] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const grantPath = async (event: FormEvent) => {
    event.preventDefault()
    setChecking(true)
    setError(null)
    try {
      onGranted(await unwrap(studio.folders.grantPath({ path: path.trim(), purpose: use })))
    } catch (caught) {
      setError((caught as Error).message)
    } finally {
      setChecking(false)
    }
  }
  return (
    <form onSubmit={(event) => void grantPath(event)}>
      <Stack gap="xs">
        <TextInput
          label="Folder on the studio machine"
          description={`The full path of ${purpose} on the computer running dcgan-studio serve.${use === 'export' ? ' A missing folder is created if its parent exists.' : ''}`}
          placeholder={placeholder}
          value={path}
          onChange={(event) => setPath(event.currentTarget.value)}
          error={error}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button type="submit" loading={checking} disabled={path.trim() === ''}>
            Use this folder
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
