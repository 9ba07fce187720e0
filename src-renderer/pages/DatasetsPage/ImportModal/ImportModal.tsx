import { Alert, Button, Checkbox, Group, Loader, Modal, Stack, TextInput } from '@mantine/core'
import { useState } from 'react'
import { IMAGE_SIZES, type FolderGrant } from '../../../../src-shared/contract/datasets'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { FolderChooser } from '../../../components/FolderChooser/FolderChooser'
import { useAppInfo } from '../../../hooks/useAppInfo'
import { studio, unwrap } from '../../../studio'
import { unusedName } from '../datasetText'
import { useStartImport } from '../useStartImport'

const DEFAULT_SIZES = ['32', '64']

/**
 * What dropping on the page came to: the desktop app's grant of the dropped folder or files, or why there is
 * none (main's refusal; null in browser mode, where the page never learns where a dropped file lives).
 */
export type DropOutcome = { grant: FolderGrant } | { refusal: string | null }

interface ImportModalProps {
  opened: boolean
  onClose: () => void
  takenNames: readonly string[]
  /** Set when the dialog was opened by dropping something on the page. */
  drop: DropOutcome | null
}

export function ImportModal({ opened, onClose, takenNames, drop }: ImportModalProps) {
  const droppedGrant = drop && 'grant' in drop ? drop.grant : null
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={droppedGrant?.kind === 'files' ? 'Import dropped photos' : 'Import a folder'}
      size="lg"
    >
      <ImportForm
        key={droppedGrant?.grantId ?? 'none'}
        onStarted={onClose}
        takenNames={takenNames}
        dropRefusal={drop && 'refusal' in drop ? drop.refusal : undefined}
        droppedGrant={droppedGrant}
      />
    </Modal>
  )
}

interface ImportFormProps {
  onStarted: () => void
  takenNames: readonly string[]
  /** Why a drop gave no grant (null in browser mode); undefined when nothing was refused. */
  dropRefusal: string | null | undefined
  droppedGrant: FolderGrant | null
}

function ImportForm({ onStarted, takenNames, dropRefusal, droppedGrant }: ImportFormProps) {
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
      {dropRefusal !== undefined &&
        (browserMode || dropRefusal === null ? (
          <Alert color="blue" title="The browser cannot hand the studio dropped files or folders">
            Type the folder&apos;s path on the studio machine below.
          </Alert>
        ) : (
          <Alert color="orange" title="Cannot import what was dropped">
            {dropRefusal} Or choose a folder with the button below.
          </Alert>
        ))}
      <FolderChooser
        browserMode={browserMode}
        grant={grant}
        onChange={(chosen) => (chosen ? chooseGrant(chosen) : setGrant(null))}
        purpose="a folder of face photos"
        use="photos"
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
