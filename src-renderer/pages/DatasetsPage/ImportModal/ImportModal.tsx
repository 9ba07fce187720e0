import { Alert, Button, Checkbox, Group, Loader, Modal, Paper, Stack, Text, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { IMAGE_SIZES, type FolderGrant } from '../../../../src-main/contract/datasets'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { useAppInfo } from '../../../hooks/useAppInfo'
import { studio, StudioCallError, unwrap } from '../../../studio'
import { unusedName } from '../datasetText'
import { trackImport } from '../runningImports'

const DEFAULT_SIZES = ['32', '64']

interface ImportModalProps {
  opened: boolean
  onClose: () => void
  takenNames: readonly string[]
  /** Opened by dropping something on the page. */
  openedByDrop: boolean
  /** The dropped folder, when the desktop app could grant it. */
  droppedGrant: FolderGrant | null
}

export function ImportModal({ opened, onClose, takenNames, openedByDrop, droppedGrant }: ImportModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Import a folder" size="lg">
      <ImportForm
        key={droppedGrant?.grantId ?? 'none'}
        onStarted={onClose}
        takenNames={takenNames}
        openedByDrop={openedByDrop && !droppedGrant}
        droppedGrant={droppedGrant}
      />
    </Modal>
  )
}

interface ImportFormProps {
  onStarted: () => void
  takenNames: readonly string[]
  openedByDrop: boolean
  droppedGrant: FolderGrant | null
}

function ImportForm({ onStarted, takenNames, openedByDrop, droppedGrant }: ImportFormProps) {
  const info = useAppInfo()
  const [grant, setGrant] = useState<FolderGrant | null>(droppedGrant)
  const [name, setName] = useState(droppedGrant ? unusedName(droppedGrant.label, takenNames) : '')
  const [sizes, setSizes] = useState<string[]>(DEFAULT_SIZES)
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<StudioCallError | Error | null>(null)

  if (info.status === 'loading') return <Loader aria-label="Loading" />
  if (info.status === 'error') return <ErrorNotice error={info.error} onRetry={info.reload} />
  const browserMode = info.data.mode === 'browser'

  const chooseGrant = (chosen: FolderGrant) => {
    setGrant(chosen)
    setName(unusedName(chosen.label, takenNames))
    setError(null)
  }

  const startImport = async (event: FormEvent) => {
    event.preventDefault()
    if (!grant) return
    setStarting(true)
    setError(null)
    try {
      const trimmedName = name.trim()
      const chosenSizes = IMAGE_SIZES.filter((size) => sizes.includes(String(size)))
      const { importId } = await unwrap(studio.datasets.import({ grantId: grant.grantId, name: trimmedName, sizes: chosenSizes }))
      trackImport(importId, trimmedName)
      onStarted()
    } catch (caught) {
      setError(caught as Error)
      setStarting(false)
    }
  }

  const nameConflict = error instanceof StudioCallError && error.code === 'CONFLICT'
  return (
    <Stack>
      {openedByDrop && (
        <Alert color="blue" title={browserMode ? 'The browser cannot hand the studio a dropped folder' : 'That drop held no folder'}>
          {browserMode ? "Type the folder's path on the studio machine below." : 'Choose the folder with the button below instead.'}
        </Alert>
      )}
      {grant ? (
        <Paper withBorder p="sm">
          <Group justify="space-between" wrap="nowrap">
            <Text truncate>
              <Text span c="dimmed">
                Folder:{' '}
              </Text>
              {grant.label}
            </Text>
            <Button variant="subtle" size="xs" onClick={() => setGrant(null)}>
              Choose another
            </Button>
          </Group>
        </Paper>
      ) : browserMode ? (
        <FolderPathField onGranted={chooseGrant} />
      ) : (
        <FolderPicker onGranted={chooseGrant} />
      )}
      {grant && (
        <form onSubmit={(event) => void startImport(event)}>
          <Stack>
            <TextInput
              label="Dataset name"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              maxLength={120}
              required
              error={nameConflict ? error.message : undefined}
              data-autofocus
            />
            <Checkbox.Group
              label="Sizes to prepare"
              description="Each size is stored ready for training at that resolution; 128 px takes longer and more space."
              value={sizes}
              onChange={setSizes}
            >
              <Group mt="xs">
                {IMAGE_SIZES.map((size) => (
                  <Checkbox key={size} value={String(size)} label={`${size} px`} />
                ))}
              </Group>
            </Checkbox.Group>
            {error && !nameConflict && <ErrorNotice error={error} />}
            <Group justify="flex-end">
              <Button type="submit" loading={starting} disabled={name.trim() === '' || sizes.length === 0}>
                Import
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  )
}

/** Desktop app: main opens the native folder dialog and hands back a grant (null when cancelled). */
function FolderPicker({ onGranted }: { onGranted: (grant: FolderGrant) => void }) {
  const [picking, setPicking] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const pick = async () => {
    setPicking(true)
    setError(null)
    try {
      const grant = await unwrap(studio.folders.pick({}))
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
        Choose a folder of face photos. Its images are copied into the studio; the folder itself is never changed.
      </Text>
      <Button onClick={() => void pick()} loading={picking}>
        Choose a folder…
      </Button>
      {error && <ErrorNotice error={error} />}
    </Stack>
  )
}

/** Browser mode: the folder is on the machine running `dcgan-studio serve`, so it is named by its path there. */
function FolderPathField({ onGranted }: { onGranted: (grant: FolderGrant) => void }) {
  const [path, setPath] = useState('')
  const [checking, setChecking] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const grantPath = async (event: FormEvent) => {
    event.preventDefault()
    setChecking(true)
    setError(null)
    try {
      onGranted(await unwrap(studio.folders.grantPath({ path: path.trim() })))
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
          description="The full path of a folder of face photos on the computer running dcgan-studio serve."
          placeholder="/home/you/Pictures/faces"
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
