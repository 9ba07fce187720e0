import { Card, Group, Stack, Text, Title } from '@mantine/core'
import { useMemo, useState } from 'react'
import uPlot from 'uplot'
import { CurveControls, curveAxisLabel, type CurveAxis } from '../../../components/CurveControls/CurveControls'
import { UPlotChart, type ChartOptions } from '../../../components/UPlotChart/UPlotChart'
import { emaSmooth } from '../../../lib/smoothing'
import { RUN_COLORS, type ComparedRun } from '../useCompareData'

/** D (solid) and G (dashed) losses of every compared run on one plot, one colour per run, by step or by epoch. */
export function CompareCurves({ runs }: { runs: readonly ComparedRun[] }) {
  const [axis, setAxis] = useState<CurveAxis>('step')
  const [smoothing, setSmoothing] = useState(0.6)
  const names = runs.map((run) => `${run.detail.id}:${run.detail.name}`).join('|')

  const options = useMemo((): ChartOptions => {
    // Runs may share a name: the legend leads with each run's number.
    const labels = names.split('|').map((entry) => `#${entry.slice(0, entry.indexOf(':'))} ${entry.slice(entry.indexOf(':') + 1)}`)
    return {
      scales: { x: { time: false } },
      axes: [{ label: axis }, { label: 'loss' }],
      series: [
        { label: axis, value: (_chart, value) => (value === null ? '—' : curveAxisLabel(axis, value)) },
        ...labels.flatMap((label, index) => {
          const stroke = RUN_COLORS[index % RUN_COLORS.length]!
          const value = (_chart: uPlot, v: number | null) => (v === null ? '—' : v.toFixed(4))
          return [
            { label: `${label} · D`, stroke, width: 1.5, spanGaps: true, value },
            { label: `${label} · G`, stroke, width: 1.5, dash: [6, 4], spanGaps: true, value },
          ]
        }),
      ],
      cursor: { drag: { x: true, y: false } },
    }
  }, [names, axis])

  const data = useMemo(() => {
    const tables = runs.map(({ detail, history }): uPlot.AlignedData => {
      const perEpoch = detail.stepsPerEpoch > 0 ? detail.stepsPerEpoch : 1
      const x = axis === 'step' ? history.step : history.step.map((step) => step / perEpoch)
      return [x, emaSmooth(history.dLoss, smoothing), emaSmooth(history.gLoss, smoothing)]
    })
    return uPlot.join(tables)
  }, [runs, axis, smoothing])

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={4}>Losses</Title>
          <Group gap="md">
            <CurveControls axis={axis} onAxisChange={setAxis} axisLabel="Align the runs by" smoothing={smoothing} onSmoothingChange={setSmoothing} />
          </Group>
        </Group>
        <div data-testid="compare-plot">
          <UPlotChart options={options} data={data} height={300} />
        </div>
        <Text size="xs" c="dimmed">
          Solid: D loss · dashed: G loss. Drag to zoom, double-click to reset.
        </Text>
      </Stack>
    </Card>
  )
}
