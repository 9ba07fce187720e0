import { Badge, Button, Card, Group, Loader, Slider, Stack, Text, Title } from '@mantine/core'
import { useMemo, useState } from 'react'
import type uPlot from 'uplot'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { UPlotChart, type ChartOptions } from '../../../components/UPlotChart/UPlotChart'
import { emaSmooth } from '../../../lib/smoothing'
import { useRunHistory, type Series } from './useRunHistory'

const PLOT_HEIGHT = 220
const MIN_DRAG_PX = 6

export const CURVE_COLORS = { dLoss: '#e8590c', gLoss: '#1c7ed6', dReal: '#2f9e44', dFake: '#c2255c' } as const

function valueFormat(_chart: uPlot, value: number | null): string {
  if (value === null || value === undefined) return '—'
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(4)
}

function chartOptions(title: string, series: [string, string][], syncKey: string, onSelect: (chart: uPlot) => void): ChartOptions {
  return {
    title,
    scales: { x: { time: false } },
    axes: [{ label: 'step' }, {}],
    series: [
      { label: 'step', value: (_chart, value) => (value === null ? '—' : Math.round(value).toLocaleString()) },
      ...series.map(([label, stroke]) => ({ label, stroke, width: 1.5, value: valueFormat, spanGaps: true })),
    ],
    cursor: { drag: { x: true, y: false, setScale: false }, sync: { key: syncKey } },
    legend: { live: true },
    hooks: { setSelect: [onSelect] },
  }
}

/**
 * D and G losses, and D's outputs on real and generated images, against step. Drag across either plot to zoom
 * (the range is fetched again at full resolution); the cursor and hover values are shared by both plots.
 */
export function LossPlot({ runId }: { runId: number }) {
  const { series, error, zoom, zoomTo, resetZoom, retry } = useRunHistory(runId)
  const [smoothing, setSmoothing] = useState(0.6)

  const [lossOptions, outputOptions] = useMemo(() => {
    const onSelect = (chart: uPlot) => {
      const { left, width } = chart.select
      if (width < MIN_DRAG_PX) return
      const from = Math.max(0, Math.floor(chart.posToVal(left, 'x')))
      const to = Math.ceil(chart.posToVal(left + width, 'x'))
      chart.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false)
      if (to > from) zoomTo(from, to)
    }
    const syncKey = `run-${runId}`
    return [
      chartOptions('Losses', [['D loss', CURVE_COLORS.dLoss], ['G loss', CURVE_COLORS.gLoss]], syncKey, onSelect),
      chartOptions('Discriminator outputs', [['D(x)', CURVE_COLORS.dReal], ['D(G(z))', CURVE_COLORS.dFake]], syncKey, onSelect),
    ]
  }, [runId, zoomTo])

  const shown: Series | null = zoom ? zoom.series : series
  const [lossData, outputData] = useMemo((): [uPlot.AlignedData, uPlot.AlignedData] => {
    if (!shown) return [[[], [], []], [[], [], []]]
    const smooth = (values: number[]) => emaSmooth(values, smoothing)
    return [
      [shown.step, smooth(shown.dLoss), smooth(shown.gLoss)],
      [shown.step, smooth(shown.dReal), smooth(shown.dFake)],
    ]
  }, [shown, smoothing])

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="xs">
            <Title order={4}>Training curves</Title>
            {zoom && (
              <Badge variant="light" size="sm">
                steps {zoom.fromStep.toLocaleString()}–{zoom.toStep.toLocaleString()}
              </Badge>
            )}
            {zoom && !zoom.series && <Loader size="xs" aria-label="Loading the zoomed range" />}
          </Group>
          <Group gap="md" wrap="nowrap">
            <Text size="sm" id={`smoothing-${runId}`}>
              Smoothing
            </Text>
            <Slider
              w={160}
              min={0}
              max={0.99}
              step={0.01}
              value={smoothing}
              onChange={setSmoothing}
              label={(value) => value.toFixed(2)}
              aria-labelledby={`smoothing-${runId}`}
              data-testid="smoothing-slider"
            />
            <Button size="compact-sm" variant="default" onClick={resetZoom} disabled={!zoom}>
              Reset zoom
            </Button>
          </Group>
        </Group>
        {error && <ErrorNotice error={error} onRetry={retry} />}
        <div data-testid="loss-plot" data-points={shown?.step.length ?? 0} aria-label="Loss curves against step">
          {!series && !error ? (
            <Loader aria-label="Loading the training history" />
          ) : (
            <>
              {series && series.step.length === 0 && (
                <Text c="dimmed" size="sm">
                  No steps yet: the curves draw themselves as the run trains.
                </Text>
              )}
              <UPlotChart options={lossOptions} data={lossData} height={PLOT_HEIGHT} />
              <UPlotChart options={outputOptions} data={outputData} height={PLOT_HEIGHT} />
            </>
          )}
        </div>
        <Text size="xs" c="dimmed">
          Drag across a plot to zoom into a range of steps; hover to read the values.
        </Text>
      </Stack>
    </Card>
  )
}
