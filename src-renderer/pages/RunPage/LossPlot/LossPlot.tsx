import { Badge, Button, Card, Group, Loader, Menu, Stack, Text, Title } from '@mantine/core'
import { useEffect, useMemo, useState } from 'react'
import type uPlot from 'uplot'
import { notifications } from '@mantine/notifications'
import { CurveControls } from '../../../components/CurveControls/CurveControls'
import {
  curveAxisLabel,
  curveAxisName,
  curveXAxis,
  curveYScale,
  logScaleRefusal,
  type CurveAxis,
} from '../../../components/CurveControls/curveAxis'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { latestLegend } from '../../../components/UPlotChart/latestLegend'
import { SharedXView, type XRange } from '../../../components/UPlotChart/sharedXView'
import { UPlotChart, type ChartOptions } from '../../../components/UPlotChart/UPlotChart'
import { metricsCsv, metricsFileName, metricsJson, readAllMetrics, saveText } from '../../../lib/metricsExport'
import { emaSmooth } from '../../../lib/smoothing'
import { studio, unwrap } from '../../../studio'
import { mergeDetail, type Series } from './series'
import { useRunHistory } from './useRunHistory'

const PLOT_HEIGHT = 220

const CURVE_COLORS = { dLoss: '#e8590c', gLoss: '#1c7ed6', dReal: '#2f9e44', dFake: '#c2255c' } as const

function valueFormat(_chart: uPlot, value: number | null): string {
  if (value === null || value === undefined) return '—'
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(4)
}

function chartOptions(
  title: string,
  series: [string, string][],
  syncKey: string,
  axis: CurveAxis,
  logScale: boolean,
): ChartOptions {
  return {
    title,
    scales: { x: { time: false }, y: curveYScale(logScale) },
    axes: [curveXAxis(axis), {}],
    series: [
      { label: curveAxisName(axis), value: (_chart, value) => (value === null ? '—' : curveAxisLabel(axis, value)) },
      ...series.map(([label, stroke]) => ({ label, stroke, width: 1.5, value: valueFormat, spanGaps: true })),
    ],
    cursor: { sync: { key: syncKey } },
    legend: { live: true },
    plugins: [latestLegend()],
  }
}

/** The x values of the shown points on the chosen axis. */
function xValues(shown: Series, axis: CurveAxis, stepsPerEpoch: number): number[] {
  if (axis === 'time') return shown.seconds
  if (axis === 'epoch' && stepsPerEpoch > 0) return shown.step.map((step) => step / stepsPerEpoch)
  return shown.step
}

/** A range on the x axis as steps, for reading it again at finer resolution (time maps through the shown points). */
function stepRange(range: XRange, axis: CurveAxis, stepsPerEpoch: number, shown: Series | null): XRange | null {
  if (axis === 'step') return range
  if (axis === 'epoch') return stepsPerEpoch > 0 ? [range[0] * stepsPerEpoch, range[1] * stepsPerEpoch] : range
  if (!shown || shown.step.length === 0) return null
  const first = shown.seconds.findIndex((seconds) => seconds >= range[0])
  const after = shown.seconds.findIndex((seconds) => seconds > range[1])
  const from = shown.step[Math.max(0, first === -1 ? shown.step.length - 1 : first - 1)]!
  const to = shown.step[after === -1 ? shown.step.length - 1 : after]!
  return [from, to]
}

/**
 * D and G losses, and D's outputs on real and generated images, against step or epoch. Both plots share one zoom
 * and pan (see SharedXView) and one hover cursor; once a zoomed range settles it is read again at finer resolution.
 */
export function LossPlot({ runId, runName, stepsPerEpoch }: { runId: number; runName: string; stepsPerEpoch: number }) {
  const { overview, detail, loadingRange, error, showRange, retry } = useRunHistory(runId)
  const [smoothing, setSmoothing] = useState(0.6)
  const [axis, setAxis] = useState<CurveAxis>('step')
  const [logScale, setLogScale] = useState(false)
  const [range, setRange] = useState<XRange | null>(null)
  const [view] = useState(() => new SharedXView(setRange))
  useEffect(() => () => view.dispose(), [view])
  const overviewSeries = overview?.series ?? null
  useEffect(
    () => showRange(range && stepRange(range, axis, stepsPerEpoch, overviewSeries)),
    [range, axis, stepsPerEpoch, overviewSeries, showRange],
  )
  const changeAxis = (next: CurveAxis) => {
    // A range in steps means nothing in epochs: start from the whole run (the charts are re-created for the new axis).
    view.reset()
    setRange(null)
    setAxis(next)
  }

  const shown = useMemo(
    () => (overview && detail ? mergeDetail(overview.series, detail.series) : (overview?.series ?? null)),
    [overview, detail],
  )
  const logRefusal = useMemo(
    () => ({
      loss: shown && logScaleRefusal([shown.dLoss, shown.gLoss]),
      output: shown && logScaleRefusal([shown.dReal, shown.dFake]),
    }),
    [shown],
  )
  const lossLog = logScale && logRefusal.loss === null
  const outputLog = logScale && logRefusal.output === null

  const [lossOptions, outputOptions] = useMemo(() => {
    const syncKey = `run-${runId}`
    return [
      chartOptions(
        'Losses',
        [
          ['D loss', CURVE_COLORS.dLoss],
          ['G loss', CURVE_COLORS.gLoss],
        ],
        syncKey,
        axis,
        lossLog,
      ),
      chartOptions(
        'Discriminator outputs',
        [
          ['D(x)', CURVE_COLORS.dReal],
          ['D(G(z))', CURVE_COLORS.dFake],
        ],
        syncKey,
        axis,
        outputLog,
      ),
    ]
  }, [runId, axis, lossLog, outputLog])

  const [lossData, outputData] = useMemo((): [uPlot.AlignedData, uPlot.AlignedData] => {
    if (!shown)
      return [
        [[], [], []],
        [[], [], []],
      ]
    const smooth = (values: number[]) => emaSmooth(values, smoothing)
    const x = xValues(shown, axis, stepsPerEpoch)
    return [
      [x, smooth(shown.dLoss), smooth(shown.gLoss)],
      [x, smooth(shown.dReal), smooth(shown.dFake)],
    ]
  }, [shown, smoothing, axis, stepsPerEpoch])

  const [downloading, setDownloading] = useState(false)
  const download = async (format: 'csv' | 'json') => {
    setDownloading(true)
    try {
      const lastStep = shown?.step.at(-1) ?? 0
      const metrics = await readAllMetrics(lastStep, (fromStep, toStep, maxPoints) =>
        unwrap(studio.runs.history({ runId, fromStep, toStep, maxPoints })),
      )
      const run = { id: runId, name: runName }
      if (format === 'csv') saveText(metricsCsv(metrics), metricsFileName(run, 'csv'), 'text/csv')
      else saveText(metricsJson(run, metrics), metricsFileName(run, 'json'), 'application/json')
    } catch (caught) {
      notifications.show({
        color: 'red',
        title: "Could not download the run's metrics",
        message: (caught as Error).message,
      })
    } finally {
      setDownloading(false)
    }
  }

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="xs">
            <Title order={4}>Training curves</Title>
            {range && (
              <Badge variant="light" size="sm" data-testid="plot-range">
                {curveAxisName(axis)} {curveAxisLabel(axis, Math.max(0, range[0]))}–{curveAxisLabel(axis, range[1])}
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
              logScale={logScale}
              onLogScaleChange={setLogScale}
              logDisabledReason={logRefusal.loss !== null && logRefusal.output !== null ? logRefusal.loss : null}
            />
            <Button size="compact-sm" variant="default" onClick={() => view.set(null)} disabled={!range}>
              Reset zoom
            </Button>
            <Menu position="bottom-end">
              <Menu.Target>
                <Button
                  size="compact-sm"
                  variant="default"
                  loading={downloading}
                  disabled={!shown || shown.step.length === 0}
                >
                  Download metrics
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Every step, not only the points drawn</Menu.Label>
                <Menu.Item onClick={() => void download('csv')}>CSV</Menu.Item>
                <Menu.Item onClick={() => void download('json')}>JSON</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
        {error && <ErrorNotice title="Could not load the training history" error={error} onRetry={retry} />}
        <div
          data-testid="loss-plot"
          data-points={shown?.step.length ?? 0}
          data-axis={axis}
          aria-label={`Loss curves against ${axis}`}
        >
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
          Drag across a plot to zoom into that range; Ctrl+scroll or pinch zooms at the pointer; Shift+drag or
          Shift+scroll pans; double-click shows the whole run. The legends show the latest values; hover to read the
          values at a point. By time: training time, pauses left out.
        </Text>
      </Stack>
    </Card>
  )
}
