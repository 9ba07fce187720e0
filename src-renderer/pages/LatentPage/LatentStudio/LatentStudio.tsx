import { Card, Divider, Grid, Group, Slider, Stack, Text, Title } from '@mantine/core'
import { useCallback, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react'
import { MAX_DIRECTIONS, type LatentDirection } from '../../../../src-shared/contract/latent'
import type { RunDetail } from '../../../../src-shared/contract/runs'
import { seededLatents } from '../../../../src-shared/latent-math'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { LoadingState } from '../../../components/LoadingState/LoadingState'
import { useStudioQuery } from '../../../hooks/useStudioQuery'
import { safeFileName } from '../../../lib/gifExport'
import { useGenerator } from '../../../lib/generator/useGenerator'
import { studio } from '../../../studio'
import { composeLatent, latentOnPath, type SegmentStyle } from '../composeLatent'
import { recallLatentView, useRememberLatentView } from '../latentMemory'
import { pathReducer } from '../pathState'
import { DirectionSliders } from '../DirectionSliders/DirectionSliders'
import { FacePicker, type PickedFace } from '../FacePicker/FacePicker'
import { KeyframePath } from '../KeyframePath/KeyframePath'
import { LiveFace } from '../LiveFace/LiveFace'
import { PinFaceForm } from '../PinFaceForm/PinFaceForm'
import { PinnedFaces } from '../PinnedFaces/PinnedFaces'
import { SavePathGif } from '../SavePathGif/SavePathGif'

const FACE_SIZE = 320
const NO_DIRECTIONS: LatentDirection[] = []
let nextKey = 0

interface LatentStudioProps {
  run: RunDetail
  /** the checkpoint whose generator draws; its epoch picks the gallery */
  checkpoint: { id: number; epoch: number }
  /** draw with G's own weights instead of their moving average (EMA) */
  raw?: boolean
}

/** The face of one checkpoint, moved along a keyframe path, the principal directions and truncation. */
export function LatentStudio({ run, checkpoint, raw = false }: LatentStudioProps) {
  const zDim = Number(run.config.zDim)
  const generator = useGenerator(run.id, checkpoint.id, raw)
  const directions = useStudioQuery(
    () => studio.latent.directions({ runId: run.id, checkpointId: checkpoint.id, count: MAX_DIRECTIONS }),
    [run.id, checkpoint.id],
  )

  // As the user left this run's studio (across pages and reloads), or its first gallery face.
  const [remembered] = useState(() => recallLatentView(run.id, zDim, () => String(nextKey++)))
  const [path, dispatch] = useReducer(
    pathReducer,
    undefined,
    () =>
      remembered?.path ?? {
        keyframes: [{ key: String(nextKey++), label: 'Gallery face 1', latent: seededLatents(run.seed, 1, zDim) }],
        segments: [],
        position: 0,
      },
  )
  const [truncation, setTruncation] = useState(remembered?.truncation ?? 1)
  // offsets belong to one checkpoint's directions: another checkpoint starts from zero
  const [offsets, setOffsets] = useState<{ checkpointId: number; values: number[] }>(
    remembered?.offsets ?? { checkpointId: checkpoint.id, values: [] },
  )
  useRememberLatentView(run.id, { path, truncation, offsets })
  const currentOffsets = useMemo(
    () => (offsets.checkpointId === checkpoint.id ? offsets.values : []),
    [offsets, checkpoint.id],
  )

  const directionVectors = directions.status === 'ready' ? directions.data.directions : NO_DIRECTIONS
  const look = useMemo(
    () => ({ directions: directionVectors, offsets: currentOffsets, truncation }),
    [directionVectors, currentOffsets, truncation],
  )
  const latent = useMemo(
    () =>
      composeLatent(
        latentOnPath(path.keyframes, path.segments, path.position),
        look.directions,
        look.offsets,
        look.truncation,
      ),
    [path, look],
  )

  const latestLatent = useRef(latent)
  useLayoutEffect(() => {
    latestLatent.current = latent
  }, [latent])
  const currentLatent = useCallback(() => latestLatent.current, [])

  const addFace = useCallback(
    (face: PickedFace) =>
      dispatch({ type: 'add', keyframe: { key: String(nextKey++), label: face.label, latent: face.latent } }),
    [],
  )
  const removeFace = useCallback((index: number) => dispatch({ type: 'remove', index }), [])
  const setSegment = useCallback(
    (index: number, style: SegmentStyle) => dispatch({ type: 'segment', index, style }),
    [],
  )
  const setPosition = useCallback((position: number) => dispatch({ type: 'position', position }), [])
  const setOffset = useCallback(
    (index: number, value: number) =>
      setOffsets((current) => {
        const values = current.checkpointId === checkpoint.id ? [...current.values] : []
        values[index] = value
        return { checkpointId: checkpoint.id, values: Array.from(values, (entry) => entry ?? 0) }
      }),
    [checkpoint.id],
  )
  const resetOffsets = useCallback(() => setOffsets({ checkpointId: checkpoint.id, values: [] }), [checkpoint.id])

  if (generator.status === 'error')
    return (
      <ErrorNotice
        title={`Could not load the generator of epoch ${checkpoint.epoch}`}
        error={generator.error}
        onRetry={generator.reload}
      />
    )
  const loadingLabel = `Loading the generator of epoch ${checkpoint.epoch}…`
  if (generator.status === 'loading') return <LoadingState label={loadingLabel} />
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Card withBorder padding="md">
          <Stack gap="sm">
            <LiveFace generator={generator.generator} latent={latent} size={FACE_SIZE} />
            {generator.updating && <LoadingState label={loadingLabel} compact />}
            <div>
              <Group justify="space-between">
                <Text size="sm">Truncation ψ</Text>
                <Text size="xs" c="dimmed">
                  {truncation.toFixed(2)} (1 = unchanged, 0 = the mean face)
                </Text>
              </Group>
              <Slider
                min={0}
                max={1}
                step={0.01}
                value={truncation}
                onChange={setTruncation}
                label={null}
                thumbLabel="Truncation"
              />
            </div>
            <PinFaceForm runId={run.id} checkpointId={checkpoint.id} currentLatent={currentLatent} />
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="md">
          <Card withBorder padding="md">
            <Title order={4} mb="xs">
              Directions
            </Title>
            <DirectionSliders
              directions={directions}
              offsets={currentOffsets}
              onChange={setOffset}
              onReset={resetOffsets}
            />
          </Card>
          <Card withBorder padding="md">
            <Title order={4} mb="xs">
              Path
            </Title>
            <KeyframePath
              generator={generator.generator}
              keyframes={path.keyframes}
              segments={path.segments}
              position={path.position}
              onPosition={setPosition}
              onSegment={setSegment}
              onRemove={removeFace}
            />
            <Divider my="sm" />
            <SavePathGif
              generator={generator.generator}
              keyframes={path.keyframes}
              segments={path.segments}
              look={look}
              fileName={`${safeFileName(run.name)}-epoch-${checkpoint.epoch}-path.gif`}
            />
          </Card>
          <Card withBorder padding="md">
            <Title order={4} mb="xs">
              Add faces
            </Title>
            <FacePicker
              generator={generator.generator}
              runId={run.id}
              seed={run.seed}
              zDim={zDim}
              epoch={checkpoint.epoch}
              onPick={addFace}
            />
          </Card>
          <Card withBorder padding="md">
            <Title order={4} mb="xs">
              Pinned faces
            </Title>
            <PinnedFaces runId={run.id} onPick={addFace} />
          </Card>
        </Stack>
      </Grid.Col>
    </Grid>
  )
}
