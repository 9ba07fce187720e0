import { Badge, Card, Center, Group, Image, Stack, Text } from '@mantine/core'
import type { KeyboardEvent } from 'react'
import type { DatasetSummary } from '../../../../src-shared/contract/datasets'
import { studio } from '../../../studio'
import { plural } from '../../../lib/quantityText'
import { channelsLabel, sizesLabel } from '../datasetText'

// Square, like the images themselves: a wide banner would crop the face.
const COVER_SIZE = 104

export function DatasetCard({ dataset }: { dataset: DatasetSummary }) {
  return (
    <Card
      withBorder
      padding="sm"
      component="a"
      href={`#/datasets/${dataset.id}`}
      data-testid="dataset-card"
      // A link opens on Enter; Space opens it too, as a card reads like a button.
      className="mantine-focus-auto"
      onKeyDown={(event: KeyboardEvent<HTMLAnchorElement>) => {
        if (event.key !== ' ') return
        event.preventDefault()
        event.currentTarget.click()
      }}
    >
      <Group wrap="nowrap" align="flex-start" gap="sm">
        {dataset.coverMediaId ? (
          <Image
            src={studio.mediaUrl(dataset.coverMediaId)}
            w={COVER_SIZE}
            h={COVER_SIZE}
            radius="sm"
            alt=""
            style={{ flexShrink: 0 }}
          />
        ) : (
          <Center
            w={COVER_SIZE}
            h={COVER_SIZE}
            bg="var(--mantine-color-default-hover)"
            style={{ flexShrink: 0, borderRadius: 'var(--mantine-radius-sm)' }}
          >
            <Text c="dimmed" size="xs">
              no cover
            </Text>
          </Center>
        )}
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text fw={600} truncate>
            {dataset.name}
          </Text>
          <Text size="sm">{plural(dataset.imageCount, 'image')}</Text>
          <Group gap={4}>
            {dataset.rejectedCount > 0 && (
              <Badge variant="light" color="red" size="sm">
                {dataset.rejectedCount} rejected
              </Badge>
            )}
            {dataset.duplicateCount > 0 && (
              <Badge variant="light" color="orange" size="sm">
                {plural(dataset.duplicateCount, 'duplicate')}
              </Badge>
            )}
            {dataset.excludedCount > 0 && (
              <Badge variant="light" color="gray" size="sm">
                {dataset.excludedCount} excluded
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {channelsLabel(dataset.channels)} · {sizesLabel(dataset.sizes)}
          </Text>
        </Stack>
      </Group>
    </Card>
  )
}
