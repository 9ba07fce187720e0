import { Alert, Button, Checkbox, Group, Loader, Modal, Stack, TextInput } from '@mantine/core'
import { useState } from 'react'
import { IMAGE_SIZES, type FolderGrant } from '../../../../src-main/contract/datasets'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { FolderChooser } from '../../../components/FolderChooser/FolderChooser'
import { useAppInfo } from '../../../hooks/useAppInfo'
import { studio, unwrap } from '../../../studio'
import { unusedName } from '../datasetText'
import { useStartImport } from '../useStartImport'

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
  const { starting, error, nameConflict, submit, clearError } = useStartImport((trimmedName) => {
    if (!grant) throw new Error('Choose a folder first.')
    const chosenSizes = IMAGE_SIZES.filter((size) => sizes.includes(String(size)))
    return unwrap(studio.datasets.import({ grantId: grant.grantId, name: trimmedName, sizes: chosenSizes }))
  }, onStarted)

  if (info.status === 'loading') return <Loader aria-label="Loading" />
  if (info.status === 'error') return <ErrorNotice error={info.error} onRetry={info.reload} />
  const browserMode = info.data.mode === 'browser'

  const chooseGrant = (chosen: FolderGrant) => {
    setGrant(chosen)
    setName(unusedName(chosen.label, takenNames))
    clearError()
  }

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
        <form onSubmit={(event) => void submit(event, name)}>
          <Stack>
            <TextInput
              label="Dataset name"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              maxLength={120}
              required
              error={nameConflict ? error?.message : undefined}
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
