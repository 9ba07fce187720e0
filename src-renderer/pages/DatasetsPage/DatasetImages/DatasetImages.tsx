import { Button, Grid, Group, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useCallback, useRef, useState } from 'react'
import type { DatasetDetail, DatasetImage } from '../../../../src-shared/contract/datasets'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { CopiesAction } from '../CopiesAction/CopiesAction'
import { studio } from '../../../studio'
import { NetworkPreview } from '../NetworkPreview/NetworkPreview'
import { ThumbnailGrid } from '../ThumbnailGrid/ThumbnailGrid'
import { useImagePages } from './useImagePages'

/** The thumbnail grid beside the preview of the selected photo; clicking a photo excludes or includes it. */
export function DatasetImages({ dataset }: { dataset: DatasetDetail }) {
  const pages = useImagePages(dataset.id, dataset.imageCount)
  const { setExcludedLocally } = pages
  const [activeIndex, setActiveIndex] = useState(0)
  // Only the latest change can be undone, so a new one replaces the previous Undo.
  const undoNotificationId = useRef<string | null>(null)

  /** Shows the change at once and puts it back if main refuses it; resolves whether it was kept. */
  const applyExcluded = useCallback(
    async (index: number, image: DatasetImage, excluded: boolean) => {
      setExcludedLocally(index, image.id, excluded)
      const reply = await studio.datasets.setExcluded({ datasetId: dataset.id, imageIds: [image.id], excluded })
      if (reply.ok) return true
      setExcludedLocally(index, image.id, !excluded)
      notifications.show({
        color: 'red',
        title: `Could not ${excluded ? 'exclude' : 'include'} ${image.file}`,
        message: reply.error.message,
      })
      return false
    },
    [dataset.id, setExcludedLocally],
  )

  const toggleExcluded = useCallback(
    async (index: number, image: DatasetImage) => {
      const excluded = !image.excluded
      if (undoNotificationId.current) notifications.hide(undoNotificationId.current)
      if (!(await applyExcluded(index, image, excluded))) return
      const id = notifications.show({
        autoClose: 6000,
        message: (
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" truncate>
              {excluded ? `Excluded ${image.file} from training` : `${image.file} is back in the training set`}
            </Text>
            <Button
              size="compact-sm"
              variant="subtle"
              onClick={() => {
                notifications.hide(id)
                void applyExcluded(index, image, image.excluded)
              }}
            >
              Undo
            </Button>
          </Group>
        ),
      })
      undoNotificationId.current = id
    },
    [applyExcluded],
  )

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 8, xl: 9 }}>
        <Text size="sm" c="dimmed" mb="xs">
          Click a photo, or press Enter on it, to leave it out of training; again to bring it back. Arrow keys move
          between photos.
        </Text>
        <CopiesAction dataset={dataset} />
        {pages.error && <ErrorNotice error={pages.error} onRetry={pages.retry} />}
        <ThumbnailGrid
          total={pages.total}
          imageAt={pages.imageAt}
          onRangeChange={pages.load}
          activeIndex={activeIndex}
          onActivate={setActiveIndex}
          onToggleExcluded={toggleExcluded}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4, xl: 3 }}>
        <NetworkPreview
          datasetId={dataset.id}
          image={pages.imageAt(activeIndex)}
          grayscale={dataset.channels === 1}
          cropUnavailable={dataset.cropUnavailable}
        />
      </Grid.Col>
    </Grid>
  )
}
