import { Button, Group, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import type { DatasetDetail } from '../../../../src-shared/contract/datasets'
import { studio } from '../../../studio'

/**
 * Duplicates and near-duplicates are left out of training when imported (a face twice in the set weighs twice);
 * one click brings them all back, or leaves them all out again.
 */
export function CopiesAction({ dataset }: { dataset: DatasetDetail }) {
  const [saving, setSaving] = useState(false)
  const copies = dataset.duplicateCount + dataset.nearDuplicateCount
  if (copies === 0) return null
  const allExcluded = dataset.excludedCopyCount === copies
  const setAll = async () => {
    setSaving(true)
    const reply = await studio.datasets.setCopiesExcluded({ datasetId: dataset.id, excluded: !allExcluded })
    setSaving(false)
    if (!reply.ok)
      notifications.show({
        color: 'red',
        title: `Could not ${allExcluded ? 'include' : 'exclude'} the duplicates`,
        message: reply.error.message,
      })
  }
  return (
    <Group gap="sm" mb="xs" data-testid="copies-action">
      <Text size="sm">{copiesSentence(copies, dataset.excludedCopyCount)}</Text>
      <Button size="compact-sm" variant="light" loading={saving} onClick={() => void setAll()}>
        {allExcluded ? 'Include all duplicates' : 'Exclude all duplicates'}
      </Button>
    </Group>
  )
}

function copiesSentence(copies: number, excluded: number): string {
  const what = copies === 1 ? 'duplicate or near-duplicate' : 'duplicates and near-duplicates'
  if (excluded === copies)
    return `${copies === 1 ? 'The' : `All ${copies}`} ${what} ${copies === 1 ? 'is' : 'are'} left out of training.`
  if (excluded === 0)
    return `${copies === 1 ? 'The' : `All ${copies}`} ${what} ${copies === 1 ? 'is' : 'are'} used for training.`
  return `${excluded} of ${copies} ${what} left out of training.`
}
