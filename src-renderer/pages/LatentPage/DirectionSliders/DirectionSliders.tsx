import { Button, Group, Slider, Stack, Text } from '@mantine/core'
import { memo, useState, type KeyboardEvent } from 'react'
import type { LatentDirections } from '../../../../src-shared/contract/latent'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { LoadingState } from '../../../components/LoadingState/LoadingState'
import type { QueryState } from '../../../hooks/useStudioQuery'

/** Sliders span ±this many standard deviations of the sampled latents along each direction. */
const DIRECTION_RANGE_SIGMAS = 3
const SHOWN_FIRST = 6

interface DirectionSlidersProps {
  directions: QueryState<LatentDirections> & { reload: () => void }
  offsets: readonly number[]
  onChange: (index: number, value: number) => void
  onReset: () => void
}

/** One slider per principal direction of the latent space, strongest first. */
export const DirectionSliders = memo(function DirectionSliders({
  directions,
  offsets,
  onChange,
  onReset,
}: DirectionSlidersProps) {
  const [showAll, setShowAll] = useState(false)
  if (directions.status === 'loading')
    return <LoadingState label="Finding the principal directions of this generator…" compact />
  if (directions.status === 'error')
    return (
      <ErrorNotice
        title="Could not find the principal directions"
        error={directions.error}
        onRetry={directions.reload}
      />
    )
  const all = directions.data.directions
  const shown = showAll ? all : all.slice(0, SHOWN_FIRST)
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">
        Principal components of {directions.data.samples.toLocaleString()} sampled latents after the generator&apos;s
        first layer, strongest first.
      </Text>
      {shown.map((direction, index) => (
        <DirectionSlider
          key={index}
          index={index}
          explainedVariance={direction.explainedVariance}
          sigma={direction.sigma}
          value={offsets[index] ?? 0}
          onChange={onChange}
        />
      ))}
      <Group gap="xs">
        {all.length > SHOWN_FIRST && (
          <Button variant="subtle" size="xs" onClick={() => setShowAll((value) => !value)}>
            {showAll ? `Show the first ${SHOWN_FIRST}` : `Show all ${all.length}`}
          </Button>
        )}
        <Button variant="subtle" size="xs" onClick={onReset} disabled={offsets.every((value) => value === 0)}>
          Reset directions
        </Button>
      </Group>
    </Stack>
  )
})

interface DirectionSliderProps {
  index: number
  explainedVariance: number
  sigma: number
  value: number
  onChange: (index: number, value: number) => void
}

/** Arrow keys move a slider by 1/20 of its span, Shift+arrow by 1/200, Page Up/Down by 1/5 (dragging stays fine-grained). */
export function keyStep(key: string, shiftKey: boolean, span: number): number | null {
  const sign =
    key === 'ArrowRight' || key === 'ArrowUp' || key === 'PageUp'
      ? 1
      : key === 'ArrowLeft' || key === 'ArrowDown' || key === 'PageDown'
        ? -1
        : 0
  if (sign === 0) return null
  return sign * span * (key.startsWith('Page') ? 1 / 5 : shiftKey ? 1 / 200 : 1 / 20)
}

/** Only the slider being dragged renders again while it moves. */
const DirectionSlider = memo(function DirectionSlider({
  index,
  explainedVariance,
  sigma,
  value,
  onChange,
}: DirectionSliderProps) {
  const range = DIRECTION_RANGE_SIGMAS * sigma
  // Ahead of Mantine's own key handling (one drag step per key press, far too fine to be of use).
  const onKeyDownCapture = (event: KeyboardEvent) => {
    const delta = keyStep(event.key, event.shiftKey, 2 * range)
    if (delta === null) return
    event.preventDefault()
    event.stopPropagation()
    onChange(index, Math.min(range, Math.max(-range, Math.round((value + delta) / (range / 200)) * (range / 200))))
  }
  return (
    <div onKeyDownCapture={onKeyDownCapture}>
      <Group justify="space-between" gap="xs">
        <Text size="sm">Direction {index + 1}</Text>
        <Text size="xs" c="dimmed">
          {(explainedVariance * 100).toFixed(1)}% of the variance · {value.toFixed(2)}
        </Text>
      </Group>
      <Slider
        min={-range}
        max={range}
        step={range / 200}
        value={value}
        onChange={(next) => onChange(index, next)}
        label={null}
        marks={MIDDLE}
        thumbLabel={`Direction ${index + 1}`}
      />
    </div>
  )
})

const MIDDLE = [{ value: 0 }]
