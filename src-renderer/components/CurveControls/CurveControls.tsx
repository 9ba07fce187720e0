import { SegmentedControl, Slider, Switch, Text, Tooltip } from '@mantine/core'
import { curveAxisName, type CurveAxis } from './curveAxis'

interface CurveControlsProps {
  axis: CurveAxis
  onAxisChange: (axis: CurveAxis) => void
  /** what the axis choice does, for screen readers */
  axisLabel: string
  /** a run that has not started has no epoch length yet */
  epochDisabled?: boolean
  smoothing: number
  onSmoothingChange: (smoothing: number) => void
  logScale: boolean
  onLogScaleChange: (logScale: boolean) => void
  /** why the values cannot go on a log scale (a WGAN's critic loss goes below zero), or null */
  logDisabledReason?: string | null
}

/** The step/epoch/time choice, the log scale and the smoothing slider shared by the training-curve plots. */
export function CurveControls(props: CurveControlsProps) {
  const {
    axis,
    onAxisChange,
    axisLabel,
    epochDisabled = false,
    smoothing,
    onSmoothingChange,
    logScale,
    onLogScaleChange,
    logDisabledReason = null,
  } = props
  return (
    <>
      <SegmentedControl
        size="xs"
        value={axis}
        onChange={(value) => onAxisChange(value as CurveAxis)}
        data={[
          { value: 'step', label: 'By step' },
          { value: 'epoch', label: 'By epoch', disabled: epochDisabled },
          { value: 'time', label: 'By time' },
        ]}
        aria-label={axisLabel}
        title={`x axis: ${curveAxisName(axis)}`}
      />
      <Tooltip label={logDisabledReason} disabled={logDisabledReason === null}>
        <Switch
          size="xs"
          label="Log scale"
          checked={logScale && logDisabledReason === null}
          disabled={logDisabledReason !== null}
          onChange={(event) => onLogScaleChange(event.currentTarget.checked)}
        />
      </Tooltip>
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
