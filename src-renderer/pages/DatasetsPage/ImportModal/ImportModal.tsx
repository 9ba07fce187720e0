import { Alert, Button, Checkbox, Group, Loader, Modal, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { IMAGE_SIZES, type FolderGrant } from '../../../../src-main/contract/datasets'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { FolderChooser } from '../../../components/FolderChooser/FolderChooser'
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
      <FolderChooser
        browserMode={browserMode}
        grant={grant}
        onChange={(chosen) => (chosen ? chooseGrant(chosen) : setGrant(null))}
        purpose="a folder of face photos"
        note="Its images are copied into the studio; the folder itself is never changed."
        placeholder="/home/you/Pictures/faces"
      />
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
