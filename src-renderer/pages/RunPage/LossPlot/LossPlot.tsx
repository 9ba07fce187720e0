import { Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core'
import { useEffect, useMemo, useState } from 'react'
import type uPlot from 'uplot'
import { CurveControls, curveAxisLabel, type CurveAxis } from '../../../components/CurveControls/CurveControls'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { SharedXView, type XRange } from '../../../components/UPlotChart/sharedXView'
import { UPlotChart, type ChartOptions } from '../../../components/UPlotChart/UPlotChart'
import { emaSmooth } from '../../../lib/smoothing'
import { mergeDetail } from './series'
import { useRunHistory } from './useRunHistory'

const PLOT_HEIGHT = 220

const CURVE_COLORS = { dLoss: '#e8590c', gLoss: '#1c7ed6', dReal: '#2f9e44', dFake: '#c2255c' } as const

function valueFormat(_chart: uPlot, value: number | null): string {
  if (value === null || value === undefined) return '—'
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(4)
}

function chartOptions(title: string, series: [string, string][], syncKey: string, axis: CurveAxis): ChartOptions {
  return {
    title,
    scales: { x: { time: false } },
    axes: [{ label: axis }, {}],
    series: [
      { label: axis, value: (_chart, value) => (value === null ? '—' : curveAxisLabel(axis, value)) },
      ...series.map(([label, stroke]) => ({ label, stroke, width: 1.5, value: valueFormat, spanGaps: true })),
    ],
    cursor: { sync: { key: syncKey } },
    legend: { live: true },
  }
}

/**
 * D and G losses, and D's outputs on real and generated images, against step or epoch. Both plots share one zoom
 * and pan (see SharedXView) and one hover cursor; once a zoomed range settles it is read again at finer resolution.
 */
export function LossPlot({ runId, stepsPerEpoch }: { runId: number; stepsPerEpoch: number }) {
  const { overview, detail, loadingRange, error, showRange, retry } = useRunHistory(runId)
  const [smoothing, setSmoothing] = useState(0.6)
  const [axis, setAxis] = useState<CurveAxis>('step')
  // Steps per unit of the x axis; a run that has not started has no epoch length yet.
  const stepsPerX = axis === 'epoch' && stepsPerEpoch > 0 ? stepsPerEpoch : 1
  const [range, setRange] = useState<XRange | null>(null)
  const [view] = useState(() => new SharedXView(setRange))
  useEffect(() => () => view.dispose(), [view])
  useEffect(() => showRange(range && [range[0] * stepsPerX, range[1] * stepsPerX]), [range, stepsPerX, showRange])
  const changeAxis = (next: CurveAxis) => {
    // A range in steps means nothing in epochs: start from the whole run (the charts are re-created for the new axis).
    view.reset()
    setRange(null)
    setAxis(next)
  }

  const [lossOptions, outputOptions] = useMemo(() => {
    const syncKey = `run-${runId}`
    return [
      chartOptions('Losses', [['D loss', CURVE_COLORS.dLoss], ['G loss', CURVE_COLORS.gLoss]], syncKey, axis),
      chartOptions('Discriminator outputs', [['D(x)', CURVE_COLORS.dReal], ['D(G(z))', CURVE_COLORS.dFake]], syncKey, axis),
    ]
  }, [runId, axis])

  const shown = useMemo(() => (overview && detail ? mergeDetail(overview.series, detail.series) : overview?.series ?? null), [overview, detail])
  const [lossData, outputData] = useMemo((): [uPlot.AlignedData, uPlot.AlignedData] => {
    if (!shown) return [[[], [], []], [[], [], []]]
    const smooth = (values: number[]) => emaSmooth(values, smoothing)
    const x = stepsPerX === 1 ? shown.step : shown.step.map((step) => step / stepsPerX)
    return [
      [x, smooth(shown.dLoss), smooth(shown.gLoss)],
      [x, smooth(shown.dReal), smooth(shown.dFake)],
    ]
  }, [shown, smoothing, stepsPerX])

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="xs">
            <Title order={4}>Training curves</Title>
            {range && (
              <Badge variant="light" size="sm" data-testid="plot-range">
                {axis}s {curveAxisLabel(axis, Math.max(0, range[0]))}–{curveAxisLabel(axis, range[1])}
              </Badge>
            )}
            {loadingRange && <Loader size="xs" aria-label="Loading the zoomed range" />}
          </Group>
          <Group gap="md" wrap="nowrap">
            <CurveControls
              axis={axis}
              onAxisChange={changeAxis}
              axisLabel="Plot against"
              epochDisabled={stepsPerEpoch <= 0}
              smoothing={smoothing}
              onSmoothingChange={setSmoothing}
            />
            <Button size="compact-sm" variant="default" onClick={() => view.set(null)} disabled={!range}>
              Reset zoom
            </Button>
          </Group>
        </Group>
        {error && <ErrorNotice title="Could not load the training history" error={error} onRetry={retry} />}
        <div data-testid="loss-plot" data-points={shown?.step.length ?? 0} data-axis={axis} aria-label={`Loss curves against ${axis}`}>
          {!overview && !error ? (
            <Group gap="xs" h={2 * PLOT_HEIGHT} justify="center">
              <Loader size="sm" />
              <Text size="sm" c="dimmed">
                Loading the training history…
              </Text>
            </Group>
          ) : (
            <>
              {overview && overview.series.step.length === 0 && (
                <Text c="dimmed" size="sm">
                  No steps yet: the curves draw themselves as the run trains.
                </Text>
              )}
              <UPlotChart options={lossOptions} data={lossData} height={PLOT_HEIGHT} view={view} />
              <UPlotChart options={outputOptions} data={outputData} height={PLOT_HEIGHT} view={view} />
            </>
          )}
        </div>
        <Text size="xs" c="dimmed">
          Drag across a plot to zoom into that range; Ctrl+scroll or pinch zooms at the pointer; Shift+drag or Shift+scroll pans;
          double-click shows the whole run. Hover to read the values.
        </Text>
      </Stack>
    </Card>
  )
}
