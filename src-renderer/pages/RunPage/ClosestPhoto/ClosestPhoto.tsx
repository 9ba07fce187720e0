import { Button, Group, Image, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { ClosestPhoto as Closest } from '../../../../src-shared/contract/health'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { studio, unwrap } from '../../../studio'

const SIDE = 96

type State =
  | { status: 'closed' }
  | { status: 'loading' }
  | { status: 'ready'; closest: Closest | null }
  | { status: 'error'; error: Error }

/**
 * On request, one preview face beside the training photo nearest to it (by media id: the page never sees a path) and
 * how far apart they are: a near-copy shows a real person from the training folder.
 */
export function ClosestPhoto({ runId, epoch, cell }: { runId: number; epoch: number; cell: number }) {
  const [state, setState] = useState<State>({ status: 'closed' })
  const look = () => {
    setState({ status: 'loading' })
    unwrap(studio.runs.closestPhoto({ runId, epoch, cell })).then(
      (closest) => setState({ status: 'ready', closest }),
      (error: Error) => setState({ status: 'error', error }),
    )
  }
  if (state.status === 'closed' || state.status === 'loading') {
    return (
      <Button variant="default" size="xs" w="fit-content" loading={state.status === 'loading'} onClick={look}>
        Closest training photo
      </Button>
    )
  }
  if (state.status === 'error')
    return <ErrorNotice title="Could not find the closest training photo" error={state.error} onRetry={look} />
  const { closest } = state
  if (!closest) {
    return (
      <Text size="sm" c="dimmed">
        The faces of epoch {epoch} were not compared with the training photos (the first grid, before training, never
        is).
      </Text>
    )
  }
  return (
    <Stack gap={4} data-testid="closest-photo">
      <Group gap="sm" align="flex-start">
        <Image
          src={studio.mediaUrl(closest.faceMediaId)}
          w={SIDE}
          h={SIDE}
          radius="xs"
          alt={`Face at epoch ${epoch}`}
          style={{ imageRendering: 'pixelated' }}
        />
        {closest.photoMediaId ? (
          <Image
            src={studio.mediaUrl(closest.photoMediaId)}
            w={SIDE}
            h={SIDE}
            radius="xs"
            alt="Closest training photo"
          />
        ) : (
          <Text size="sm" c="dimmed" w={SIDE}>
            The closest photo has since been deleted.
          </Text>
        )}
      </Group>
      <Text size="sm">Distance {closest.distance.toFixed(3)} (root-mean-square over pixels: 0 is an exact copy).</Text>
    </Stack>
  )
}
