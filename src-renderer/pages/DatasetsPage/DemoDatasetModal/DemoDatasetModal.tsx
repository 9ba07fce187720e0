import { Button, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { studio, unwrap } from '../../../studio'
import { unusedName } from '../datasetText'
import { useStartImport } from '../useStartImport'

const MIN_COUNT = 16
const MAX_COUNT = 5000
const MAX_SEED = 2 ** 31

interface DemoDatasetModalProps {
  opened: boolean
  onClose: () => void
  takenNames: readonly string[]
}

export function DemoDatasetModal({ opened, onClose, takenNames }: DemoDatasetModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Make a demo dataset">
      <DemoDatasetForm onStarted={onClose} takenNames={takenNames} />
    </Modal>
  )
}

function DemoDatasetForm({ onStarted, takenNames }: { onStarted: () => void; takenNames: readonly string[] }) {
  const [name, setName] = useState(() => unusedName('Demo faces', takenNames))
  const [count, setCount] = useState<number | string>(200)
  const [seed, setSeed] = useState<number | string>(1)
  const { starting, error, nameConflict, submit } = useStartImport(async (trimmedName) => {
    if (typeof count !== 'number' || typeof seed !== 'number') throw new Error('Choose how many faces and a seed.')
    return unwrap(studio.datasets.makeDemo({ name: trimmedName, count, seed }))
  }, onStarted)

  const valid = name.trim() !== '' && typeof count === 'number' && typeof seed === 'number'
  return (
    <form onSubmit={(event) => void submit(event, name)}>
      <Stack>
        <Text c="dimmed" size="sm">
          Synthetic faces drawn from a seed: a quick way to try training without your own photos. The same seed always
          draws the same faces.
        </Text>
        <TextInput
          label="Name"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={120}
          required
          error={nameConflict ? error?.message : undefined}
          data-autofocus
        />
        <Group grow>
          <NumberInput
            label="Faces"
            value={count}
            onChange={setCount}
            min={MIN_COUNT}
            max={MAX_COUNT}
            allowDecimal={false}
          />
          <NumberInput
            label="Seed"
            value={seed}
            onChange={setSeed}
            min={0}
            max={MAX_SEED}
            allowDecimal={false}
            allowNegative={false}
          />
        </Group>
        {error && !nameConflict && <ErrorNotice error={error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={starting} disabled={!valid}>
            Make dataset
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
