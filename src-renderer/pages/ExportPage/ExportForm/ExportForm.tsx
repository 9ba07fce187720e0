import {
  Alert,
  Button,
  Group,
  Input,
  NumberInput,
  SegmentedControl,
  Select,
  Slider,
  Stack,
  Switch,
  Text,
} from '@mantine/core'
import { useState } from 'react'
import type { FolderGrant } from '../../../../src-shared/contract/datasets'
import type { RunSummary } from '../../../../src-shared/contract/runs'
import {
  DEFAULT_COUNT,
  DEFAULT_FRAMES_PER_SEGMENT,
  DEFAULT_GIF_KEYFRAMES,
  DEFAULT_INTERPOLATION_FPS,
  DEFAULT_PROGRESS_FPS,
  EXPORT_LIMITS,
  type ExportKind,
  type ExportStartArgs,
} from '../../../../src-shared/contract/exports'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { FolderChooser } from '../../../components/FolderChooser/FolderChooser'
import { recallExportFolder, rememberExportFolder } from '../exportFolderMemory'
import { useStudioEvent } from '../../../hooks/useStudioEvent'
import { useStudioQuery } from '../../../hooks/useStudioQuery'
import { studio, unwrap } from '../../../studio'
import { plural } from '../../../lib/quantityText'
import { bestCheckpoint, bestCheckpointLabel, bestCheckpointNote } from '../../../../src-shared/best-checkpoint'
import { trackExport } from '../currentExport'

const KINDS: readonly { value: ExportKind; label: string; description: string }[] = [
  {
    value: 'images',
    label: 'Images',
    description: "PNG files in a new folder, with a manifest of each image's run, checkpoint, seed and latent vector.",
  },
  { value: 'zip', label: 'Zip', description: 'The same PNGs and manifest, in one zip file.' },
  {
    value: 'sprite',
    label: 'Sprite sheet',
    description: 'All images on one PNG grid, with a manifest of where each one is.',
  },
  {
    value: 'gif',
    label: 'Animated GIF',
    description: "A loop through latent space from keyframe to keyframe, or the run's faces epoch by epoch.",
  },
  {
    value: 'model',
    label: 'Model',
    description:
      'The generator as a TF.js model (model.json and weights) with an offline page that generates faces from seeds and sliders.',
  },
]
type Animation = 'interpolation' | 'progress'

interface ExportFormProps {
  runs: readonly RunSummary[]
  browserMode: boolean
  /** what this window's running export is, e.g. '16 images from "Faces"' (one at a time), or null */
  running: string | null
}

/** What to export from which run and checkpoint, and where to: the folder is granted by main, never a path sent from here. */
export function ExportForm({ runs, browserMode, running }: ExportFormProps) {
  const busy = running !== null
  const [runId, setRunId] = useState(() => String((runs.find((run) => run.epoch > 0) ?? runs[0]!).id))
  // null: the default, the best epoch's checkpoint once the run has one, else the latest
  const [pickedCheckpoint, setCheckpoint] = useState<string | null>(null)
  const [kind, setKind] = useState<ExportKind>('images')
  const [animation, setAnimation] = useState<Animation>('interpolation')
  const [imageCount, setImageCount] = useState<number | string>(DEFAULT_COUNT)
  const [keyframes, setKeyframes] = useState<number | string>(DEFAULT_GIF_KEYFRAMES)
  const [framesPerSegment, setFramesPerSegment] = useState<number | string>(DEFAULT_FRAMES_PER_SEGMENT)
  const [fps, setFps] = useState<number | string>('')
  const [seed, setSeed] = useState<number | string>('')
  const [truncation, setTruncation] = useState(1)
  const [raw, setRaw] = useState(false)
  const [grant, setGrant] = useState<FolderGrant | null>(() => recallExportFolder(Number(runId)))
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const detail = useStudioQuery(() => studio.runs.get({ runId: Number(runId) }), [runId])
  // a new epoch brings a new checkpoint
  useStudioEvent('runs.changed', (changed) => String(changed.id) === runId && detail.reload())

  const run = runs.find((candidate) => String(candidate.id) === runId) ?? runs[0]!
  const progressGif = kind === 'gif' && animation === 'progress'
  const interpolationGif = kind === 'gif' && animation === 'interpolation'
  const usesCount = kind !== 'model' && !progressGif
  const checkpoints = detail.status === 'ready' ? [...detail.data.checkpoints].sort((a, b) => b.step - a.step) : []
  const best = detail.status === 'ready' ? bestCheckpoint(detail.data) : null
  const checkpoint =
    pickedCheckpoint === null || (pickedCheckpoint === 'best' && !best) ? (best ? 'best' : 'latest') : pickedCheckpoint
  const bestNote = best && checkpoint === 'best' && !progressGif ? bestCheckpointNote(best) : null
  const noCheckpoint = detail.status === 'ready' && checkpoints.length === 0 && !progressGif
  const count = Number(kind === 'gif' ? keyframes : imageCount)
  const gifFrames = interpolationGif ? Math.max(2, count) * Number(framesPerSegment) : 0
  const tooManyFrames = gifFrames > EXPORT_LIMITS.maxGifFrames

  const chooseRun = (value: string | null) => {
    if (value === null) return
    setRunId(value)
    setCheckpoint(null)
    setGrant(recallExportFolder(Number(value)))
  }

  const start = async () => {
    if (!grant) return
    setStarting(true)
    setError(null)
    const args: ExportStartArgs = {
      runId: run.id,
      grantId: grant.grantId,
      kind,
      ...(!progressGif &&
        checkpoint !== 'latest' && { checkpointId: checkpoint === 'best' ? best!.checkpoint.id : Number(checkpoint) }),
      ...(usesCount && { count }),
      ...(!progressGif && seed !== '' && { seed: Number(seed) }),
      ...(!progressGif && truncation !== 1 && { truncation }),
      ...(!progressGif && raw && { raw }),
      ...(kind === 'gif' && { animation }),
      ...(interpolationGif && { framesPerSegment: Number(framesPerSegment) }),
      ...(kind === 'gif' && fps !== '' && { fps: Number(fps) }),
    }
    try {
      const { exportId } = await unwrap(studio.exports.start(args))
      trackExport(exportId, describeExport(kind, animation, count, run.name), grant.label)
    } catch (caught) {
      setError(caught as Error)
    } finally {
      setStarting(false)
    }
  }

  return (
    <Stack maw={720}>
      <Group grow align="flex-start">
        <Select
          label="Run"
          data={runs.map((candidate) => ({
            value: String(candidate.id),
            label: `${candidate.name} · epoch ${candidate.epoch}/${candidate.epochs}`,
          }))}
          value={runId}
          onChange={chooseRun}
          allowDeselect={false}
          searchable
        />
        <Select
          label="Checkpoint"
          description={progressGif ? 'A progress GIF uses the stored faces of every epoch.' : undefined}
          disabled={progressGif || checkpoints.length === 0}
          data={[
            ...(best ? [{ value: 'best', label: bestCheckpointLabel(best) }] : []),
            {
              value: 'latest',
              label: checkpoints[0] ? `Latest (epoch ${checkpoints[0].epoch}, step ${checkpoints[0].step})` : 'Latest',
            },
            ...checkpoints.map((entry) => ({
              value: String(entry.id),
              label: `Epoch ${entry.epoch} · step ${entry.step}`,
            })),
          ]}
          value={checkpoint}
          onChange={(value) => value !== null && setCheckpoint(value)}
          allowDeselect={false}
        />
      </Group>
      {bestNote && (
        <Text size="sm" c="dimmed" data-testid="best-checkpoint-note">
          {bestNote}
        </Text>
      )}
      {detail.status === 'error' && (
        <ErrorNotice title="Could not load the run's checkpoints" error={detail.error} onRetry={detail.reload} />
      )}
      {noCheckpoint && (
        <Alert color="yellow" title="No checkpoint yet">
          &quot;{run.name}&quot; gets its first checkpoint at the end of its first epoch; until then only its
          training-progress GIF can be exported.
        </Alert>
      )}

      <Input.Wrapper label="What to export" description={KINDS.find((entry) => entry.value === kind)!.description}>
        <SegmentedControl
          mt={6}
          fullWidth
          data={KINDS.map(({ value, label }) => ({ value, label }))}
          value={kind}
          onChange={(value) => setKind(value as ExportKind)}
        />
      </Input.Wrapper>
      {kind === 'gif' && (
        <SegmentedControl
          data={[
            { value: 'interpolation', label: 'Interpolation loop' },
            { value: 'progress', label: 'Training progress' },
          ]}
          value={animation}
          onChange={(value) => setAnimation(value as Animation)}
        />
      )}
      {progressGif && (
        <Text size="sm" c="dimmed" data-testid="progress-gif-note">
          Up to 16 faces a frame, about 512 px wide, each frame captioned with its epoch; the latest epoch stays up
          longest.
        </Text>
      )}

      {(usesCount || kind === 'gif') && (
        <Group grow align="flex-start">
          {usesCount && kind !== 'gif' && (
            <NumberInput
              label={kind === 'sprite' ? 'Number of cells' : 'Number of images'}
              value={imageCount}
              onChange={setImageCount}
              min={1}
              max={EXPORT_LIMITS.maxCount}
              allowDecimal={false}
            />
          )}
          {interpolationGif && (
            <>
              <NumberInput
                label="Keyframes"
                value={keyframes}
                onChange={setKeyframes}
                min={2}
                max={EXPORT_LIMITS.maxGifKeyframes}
                allowDecimal={false}
              />
              <NumberInput
                label="Frames between keyframes"
                value={framesPerSegment}
                onChange={setFramesPerSegment}
                min={1}
                max={EXPORT_LIMITS.maxFramesPerSegment}
                allowDecimal={false}
                error={tooManyFrames ? `${gifFrames} frames in all; at most ${EXPORT_LIMITS.maxGifFrames}` : undefined}
              />
            </>
          )}
          {kind === 'gif' && (
            <NumberInput
              label="Frames per second"
              placeholder={String(progressGif ? DEFAULT_PROGRESS_FPS : DEFAULT_INTERPOLATION_FPS)}
              value={fps}
              onChange={setFps}
              min={1}
              max={EXPORT_LIMITS.maxFps}
              allowDecimal={false}
            />
          )}
        </Group>
      )}
      {!progressGif && (
        <Group grow align="flex-start">
          <NumberInput
            label="Seed"
            description="Empty: the run's own seed, which reproduces its preview faces"
            placeholder={String(run.seed)}
            value={seed}
            onChange={setSeed}
            min={0}
            max={0xffffffff}
            allowDecimal={false}
          />
          <Input.Wrapper
            label={`Truncation ψ = ${truncation.toFixed(2)}`}
            description="Below 1, faces are pulled towards the average face: fewer odd ones, less variety"
          >
            <Slider
              mt="md"
              min={0}
              max={1}
              step={0.05}
              value={truncation}
              onChange={setTruncation}
              label={(value) => value.toFixed(2)}
              thumbLabel="Truncation"
            />
          </Input.Wrapper>
        </Group>
      )}
      {!progressGif && (
        <Switch
          label="Raw G"
          description="Draw with G's own weights instead of their moving average (EMA), which previews show"
          checked={raw}
          onChange={(event) => setRaw(event.currentTarget.checked)}
        />
      )}
      <Input.Wrapper label="Export into">
        <Stack mt={6}>
          <FolderChooser
            browserMode={browserMode}
            grant={grant}
            onChange={(next) => {
              setGrant(next)
              rememberExportFolder(run.id, next)
            }}
            purpose="the folder to export into"
            use="export"
            note="The export goes into a new file or folder there; nothing in it is ever overwritten."
            placeholder="/home/you/Pictures/exports"
          />
        </Stack>
      </Input.Wrapper>
      {error && <ErrorNotice title="Could not start the export" error={error} />}
      <Group justify="flex-end">
        {busy && (
          <Text size="sm" c="dimmed">
            Your export of {running} is still running: a new one can start when it ends, or cancel it above.
          </Text>
        )}
        <Button
          onClick={() => void start()}
          loading={starting}
          disabled={!grant || busy || noCheckpoint || tooManyFrames || (usesCount && !(count >= 1))}
        >
          Export
        </Button>
      </Group>
    </Stack>
  )
}

function describeExport(kind: ExportKind, animation: Animation, count: number, runName: string): string {
  const from = `from "${runName}"`
  switch (kind) {
    case 'images':
      return `${plural(count, 'image')} ${from}`
    case 'zip':
      return `a zip of ${plural(count, 'image')} ${from}`
    case 'sprite':
      return `a sprite sheet of ${plural(count, 'image')} ${from}`
    case 'gif':
      return animation === 'progress'
        ? `the training-progress GIF of "${runName}"`
        : `a GIF loop through ${plural(Math.max(2, count), 'keyframe')} ${from}`
    case 'model':
      return `the generator of "${runName}"`
  }
}
