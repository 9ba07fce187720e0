import { SegmentedControl, Slider, Text } from '@mantine/core'

export type CurveAxis = 'step' | 'epoch'

/** An x value as the axis reads it: whole steps, or epochs to two decimals. */
export const curveAxisLabel = (axis: CurveAxis, value: number) => (axis === 'step' ? Math.round(value).toLocaleString() : value.toFixed(2))

interface CurveControlsProps {
  axis: CurveAxis
  onAxisChange: (axis: CurveAxis) => void
  /** what the axis choice does, for screen readers */
  axisLabel: string
  /** a run that has not started has no epoch length yet */
  epochDisabled?: boolean
  smoothing: number
  onSmoothingChange: (smoothing: number) => void
}

/** The step/epoch choice and the smoothing slider shared by the training-curve plots. */
export function CurveControls({ axis, onAxisChange, axisLabel, epochDisabled = false, smoothing, onSmoothingChange }: CurveControlsProps) {
  return (
    <>
      <SegmentedControl
        size="xs"
        value={axis}
        onChange={(value) => onAxisChange(value as CurveAxis)}
        data={[
          { value: 'step', label: 'By step' },
          { value: 'epoch', label: 'By epoch', disabled: epochDisabled },
        ]}
        aria-label={axisLabel}
      />
      <Text size="sm">Smoothing</Text>
      <Slider
        w={160}
        min={0}
        max={0.99}
        step={0.01}
        value={smoothing}
        onChange={onSmoothingChange}
        label={(value) => value.toFixed(2)}
        thumbLabel="Smoothing"
        data-testid="smoothing-slider"
      />
    </>
  )
}
