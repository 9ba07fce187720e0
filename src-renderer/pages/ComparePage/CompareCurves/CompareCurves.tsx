import { Box, Card, Group, Stack, Text, Title } from '@mantine/core'
import { useMemo, useState } from 'react'
import uPlot from 'uplot'
import { CurveControls } from '../../../components/CurveControls/CurveControls'
import {
  curveAxisLabel,
  curveAxisName,
  curveXAxis,
  curveYScale,
  logScaleRefusal,
  type CurveAxis,
} from '../../../components/CurveControls/curveAxis'
import { latestLegend } from '../../../components/UPlotChart/latestLegend'
import { UPlotChart, type ChartOptions } from '../../../components/UPlotChart/UPlotChart'
import { emaSmooth } from '../../../lib/smoothing'
import { RUN_COLORS, runLabel, type ComparedRun } from '../useCompareData'

const DASH = [6, 4]
/** Each plot: its title, and the solid and the dashed metric with their names. */
const PLOTS = [
  { title: 'Losses', y: 'loss', solid: ['dLoss', 'D loss'], dashed: ['gLoss', 'G loss'] },
  { title: 'Discriminator outputs', y: 'D output', solid: ['dReal', 'D(x)'], dashed: ['dFake', 'D(G(z))'] },
] as const

/**
 * The compared runs' losses and discriminator outputs, one colour per run, the D metric solid and the G-side one
 * dashed, by step, epoch or training time. A key above the plots says which run each colour is and which line is which.
 */
export function CompareCurves({ runs }: { runs: readonly ComparedRun[] }) {
  const [axis, setAxis] = useState<CurveAxis>('step')
  const [smoothing, setSmoothing] = useState(0.6)
  const [logScale, setLogScale] = useState(false)
  const labels = runs.map(runLabel).join('\n')

  const refusals = useMemo(
    () =>
      PLOTS.map((plot) =>
        logScaleRefusal(runs.flatMap(({ history }) => [history[plot.solid[0]], history[plot.dashed[0]]])),
      ),
    [runs],
  )
  const logs = refusals.map((refusal) => logScale && refusal === null)
  const logKey = logs.join(',')

  const options = useMemo(
    () =>
      PLOTS.map((plot, plotIndex): ChartOptions => ({
        title: plot.title,
        scales: { x: { time: false }, y: curveYScale(logKey.split(',')[plotIndex] === 'true') },
        axes: [curveXAxis(axis), { label: plot.y }],
        series: [
          {
            label: curveAxisName(axis),
            value: (_chart, value) => (value === null ? '—' : curveAxisLabel(axis, value)),
          },
          ...labels.split('\n').flatMap((label, index) => {
            const stroke = RUN_COLORS[index % RUN_COLORS.length]!
            const value = (_chart: uPlot, v: number | null) => (v === null ? '—' : v.toFixed(4))
            return [
              { label: `${label} · ${plot.solid[1]}`, stroke, width: 1.5, spanGaps: true, value },
              { label: `${label} · ${plot.dashed[1]}`, stroke, width: 1.5, dash: DASH, spanGaps: true, value },
            ]
          }),
        ],
        cursor: { drag: { x: true, y: false } },
        // uPlot draws every legend marker solid: the dashed lines' markers are dashed too
        legend: { markers: { dash: (chart, index) => (chart.series[index]?.dash ? 'dashed' : 'solid') } },
        plugins: [latestLegend()],
      })),
    [labels, axis, logKey],
  )

  const data = useMemo(
    () =>
      PLOTS.map((plot) =>
        uPlot.join(
          runs.map(({ detail, history }): uPlot.AlignedData => {
            const perEpoch = detail.stepsPerEpoch > 0 ? detail.stepsPerEpoch : 1
            const x =
              axis === 'time'
                ? history.seconds
                : axis === 'epoch'
                  ? history.step.map((step) => step / perEpoch)
                  : history.step
            return [x, emaSmooth(history[plot.solid[0]], smoothing), emaSmooth(history[plot.dashed[0]], smoothing)]
          }),
        ),
      ),
    [runs, axis, smoothing],
  )

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={4}>Training curves</Title>
          <Group gap="md">
            <CurveControls
              axis={axis}
              onAxisChange={setAxis}
              axisLabel="Align the runs by"
              smoothing={smoothing}
              onSmoothingChange={setSmoothing}
              logScale={logScale}
              onLogScaleChange={setLogScale}
              logDisabledReason={refusals.every((refusal) => refusal !== null) ? refusals[0]! : null}
            />
          </Group>
        </Group>
        <Group gap="lg" wrap="wrap" data-testid="compare-key" aria-label="Key to the plots">
          {runs.map((run, index) => (
            <Group key={run.detail.id} gap={6} wrap="nowrap">
              <LineSample color={RUN_COLORS[index % RUN_COLORS.length]!} />
              <Text size="sm">{runLabel(run)}</Text>
            </Group>
          ))}
          <Group gap={6} wrap="nowrap">
            <LineSample color="var(--mantine-color-dimmed)" />
            <Text size="sm" c="dimmed">
              solid: D loss, D(x)
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <LineSample color="var(--mantine-color-dimmed)" dashed />
            <Text size="sm" c="dimmed">
              dashed: G loss, D(G(z))
            </Text>
          </Group>
        </Group>
        <div data-testid="compare-plot">
          {PLOTS.map((plot, index) => (
            <UPlotChart
              key={plot.title}
              options={options[index]!}
              data={data[index]!}
              height={260}
              aria-label={`${plot.title} of the compared runs`}
            />
          ))}
        </div>
        <Text size="xs" c="dimmed">
          The legends show each run&apos;s latest values; hover to read them at a point. Drag to zoom, double-click to
          reset.
        </Text>
      </Stack>
    </Card>
  )
}

/** A short stretch of line in a run's colour, solid or dashed like its curves. */
function LineSample({ color, dashed = false }: { color: string; dashed?: boolean }) {
  return <Box w={28} h={0} style={{ borderTop: `2px ${dashed ? 'dashed' : 'solid'} ${color}` }} aria-hidden />
}
