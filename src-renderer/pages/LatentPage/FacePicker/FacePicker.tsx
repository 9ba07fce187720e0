import { Box, Button, Group, NumberInput, Stack, Tabs, Text, UnstyledButton } from '@mantine/core'
import { memo, useEffect, useRef, useState } from 'react'
import type { EpochSamples } from '../../../../src-shared/contract/runs'
import { seededLatents, splitLatents } from '../../../../src-shared/latent-math'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { LoadingState } from '../../../components/LoadingState/LoadingState'
import { faceStyle } from '../../../components/GeneratedFace/GeneratedFace'
import { useRovingGrid } from '../../../hooks/useRovingGrid'
import { useStudioQuery } from '../../../hooks/useStudioQuery'
import type { Generator } from '../../../lib/generator/generator'
import { studio } from '../../../studio'

const MAX_SEED = 2 ** 31
const CANDIDATES = 12
const CANDIDATE_COLUMNS = 6
const GALLERY_COLUMNS = 8
const randomSeed = () => Math.floor(Math.random() * MAX_SEED)

export interface PickedFace {
  label: string
  latent: Float32Array
}

interface FacePickerProps {
  generator: Generator
  runId: number
  /** the run's seed: its epoch gallery shows seededLatents(seed, 64) */
  seed: number
  zDim: number
  /** the gallery shown is the one of this epoch (or the newest before it) */
  epoch: number
  onPick: (face: PickedFace) => void
}

/** Where faces for the path come from: the run's epoch gallery, a seed, or a grid of random candidates. */
export const FacePicker = memo(function FacePicker(props: FacePickerProps) {
  return (
    <Tabs defaultValue="gallery" keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="gallery">Epoch gallery</Tabs.Tab>
        <Tabs.Tab value="seed">From a seed</Tabs.Tab>
        <Tabs.Tab value="candidates">Candidates</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="gallery" pt="sm">
        <Gallery {...props} />
      </Tabs.Panel>
      <Tabs.Panel value="seed" pt="sm">
        <FromSeed {...props} />
      </Tabs.Panel>
      <Tabs.Panel value="candidates" pt="sm">
        <Candidates {...props} />
      </Tabs.Panel>
    </Tabs>
  )
})

function galleryAt(samples: readonly EpochSamples[], epoch: number): EpochSamples | undefined {
  return samples.filter((sample) => sample.epoch <= epoch).at(-1) ?? samples.at(-1)
}

function Gallery({ runId, seed, zDim, epoch, onPick }: FacePickerProps) {
  const samples = useStudioQuery(() => studio.runs.samples({ runId }), [runId])
  const gallery = samples.status === 'ready' ? galleryAt(samples.data, epoch) : undefined
  const cellProps = useRovingGrid(gallery?.cells.length ?? 0, GALLERY_COLUMNS)
  if (samples.status === 'loading') return <LoadingState label="Loading the epoch gallery…" compact />
  if (samples.status === 'error')
    return <ErrorNotice title="Could not load the epoch gallery" error={samples.error} onRetry={samples.reload} />
  if (!gallery)
    return (
      <Text size="sm" c="dimmed">
        This run has no gallery yet.
      </Text>
    )
  const pick = (cell: number) =>
    onPick({
      label: `Gallery face ${cell + 1}`,
      latent: splitLatents(seededLatents(seed, cell + 1, zDim), zDim)[cell]!,
    })
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed">
        The run&apos;s fixed faces at epoch {gallery.epoch}. Click one to add it to the path.
      </Text>
      <Box
        role="group"
        aria-label={`Gallery faces at epoch ${gallery.epoch} (arrow keys move between them)`}
        style={{ display: 'grid', gridTemplateColumns: `repeat(${GALLERY_COLUMNS}, 1fr)`, gap: 2, maxWidth: 420 }}
      >
        {gallery.cells.map((media, cell) => (
          <UnstyledButton
            key={cell}
            {...cellProps(cell)}
            onClick={() => pick(cell)}
            aria-label={`Add gallery face ${cell + 1}`}
            style={{ lineHeight: 0 }}
          >
            <img
              src={studio.mediaUrl(media)}
              alt=""
              style={{ width: '100%', aspectRatio: '1', imageRendering: 'pixelated', display: 'block' }}
            />
          </UnstyledButton>
        ))}
      </Box>
    </Stack>
  )
}

function FromSeed({ zDim, onPick }: FacePickerProps) {
  const [seed, setSeed] = useState<number | string>(() => randomSeed())
  const add = (value: number) => onPick({ label: `Seed ${value}`, latent: seededLatents(value, 1, zDim) })
  return (
    <Group align="flex-end" gap="xs">
      <NumberInput
        label="Seed"
        value={seed}
        onChange={setSeed}
        min={0}
        max={MAX_SEED}
        allowDecimal={false}
        allowNegative={false}
        w={160}
      />
      <Button disabled={typeof seed !== 'number'} onClick={() => typeof seed === 'number' && add(seed)}>
        Add this face
      </Button>
      <Button
        variant="default"
        onClick={() => {
          const value = randomSeed()
          setSeed(value)
          add(value)
        }}
      >
        Add a random face
      </Button>
    </Group>
  )
}

function Candidates({ generator, zDim, onPick }: FacePickerProps) {
  const [seed, setSeed] = useState(() => randomSeed())
  const latents = splitLatents(seededLatents(seed, CANDIDATES, zDim), zDim)
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {CANDIDATES} random faces (seed {seed}). Click one to add it to the path.
        </Text>
        <Button size="xs" variant="default" onClick={() => setSeed(randomSeed())}>
          New candidates
        </Button>
      </Group>
      <CandidateGrid
        generator={generator}
        seed={seed}
        zDim={zDim}
        onPick={(index) => onPick({ label: `Candidate ${index + 1} of seed ${seed}`, latent: latents[index]! })}
      />
    </Stack>
  )
}

/** All candidates in one batch through the generator, each onto its own canvas. */
function CandidateGrid({
  generator,
  seed,
  zDim,
  onPick,
}: {
  generator: Generator
  seed: number
  zDim: number
  onPick: (index: number) => void
}) {
  const canvases = useRef<(HTMLCanvasElement | null)[]>([])
  useEffect(() => {
    let live = true
    void generator.render(seededLatents(seed, CANDIDATES, zDim)).then((images) => {
      if (live) images.forEach((image, index) => canvases.current[index]?.getContext('2d')?.putImageData(image, 0, 0))
    })
    return () => {
      live = false
    }
  }, [generator, seed, zDim])
  const cellProps = useRovingGrid(CANDIDATES, CANDIDATE_COLUMNS)
  const resolution = generator.model.imageSize
  return (
    <Box
      role="group"
      aria-label="Candidate faces (arrow keys move between them)"
      style={{ display: 'grid', gridTemplateColumns: `repeat(${CANDIDATE_COLUMNS}, 64px)`, gap: 4 }}
    >
      {Array.from({ length: CANDIDATES }, (_, index) => (
        <UnstyledButton
          key={index}
          {...cellProps(index)}
          onClick={() => onPick(index)}
          aria-label={`Add candidate ${index + 1}`}
          style={{ lineHeight: 0 }}
        >
          <canvas
            ref={(canvas) => {
              canvases.current[index] = canvas
            }}
            width={resolution}
            height={resolution}
            style={faceStyle(64)}
          />
        </UnstyledButton>
      ))}
    </Box>
  )
}
