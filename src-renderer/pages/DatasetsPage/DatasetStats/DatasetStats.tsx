import { Paper, SimpleGrid, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import type { DatasetDetail } from '../../../../src-shared/contract/datasets'
import { rejectionLabel, sizesLabel } from '../datasetText'

export function DatasetStats({ dataset }: { dataset: DatasetDetail }) {
  const reasons = Object.entries(dataset.rejectedByCode).sort(([, a], [, b]) => b - a)
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
      <Stat label="Imported" testId="dataset-image-count" value={dataset.imageCount}>
        {(dataset.imageCount - dataset.excludedCount).toLocaleString()} used for training
      </Stat>
      <Stat label="Excluded" testId="dataset-excluded-count" value={dataset.excludedCount}>
        {dataset.excludedCopyCount === 0
          ? 'left out by you'
          : `${dataset.excludedCopyCount.toLocaleString()} as copies, ${(dataset.excludedCount - dataset.excludedCopyCount).toLocaleString()} by you`}
      </Stat>
      <Stat label="Rejected" value={dataset.rejectedCount}>
        {reasons.length === 0
          ? 'every file was readable'
          : reasons.map(([code, count]) => (
              <span key={code} style={{ display: 'block' }}>
                {count.toLocaleString()} {rejectionLabel(code)}
              </span>
            ))}
      </Stat>
      <Stat label="Duplicates" value={dataset.duplicateCount}>
        identical to another image
      </Stat>
      <Stat label="Near-duplicates" value={dataset.nearDuplicateCount}>
        almost identical to another
      </Stat>
      <Stat label="Images" value={dataset.channels === 1 ? 'Grayscale' : 'Colour'}>
        {dataset.channels === 1 ? '1 channel' : '3 channels'} · {sizesLabel(dataset.sizes)}
      </Stat>
    </SimpleGrid>
  )
}

function Stat({
  label,
  value,
  testId,
  children,
}: {
  label: string
  value: number | string
  testId?: string
  children: ReactNode
}) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {children}
      </Text>
    </Paper>
  )
}
