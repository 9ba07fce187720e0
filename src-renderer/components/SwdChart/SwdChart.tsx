import { useMemo } from 'react'
import uPlot from 'uplot'
import type { EpochQuality } from '../../../src-shared/contract/runs'
import { latestLegend } from '../UPlotChart/latestLegend'
import { UPlotChart, type ChartOptions } from '../UPlotChart/UPlotChart'

export interface SwdLine {
  label: string
  color: string
  quality: readonly EpochQuality[]
}

export const BEST_EPOCH_COLOR = '#f59f00'

const swdValue = (_chart: uPlot, value: number | null) =>
  value === null || value === undefined ? '—' : value.toFixed(1)

/**
 * SWD by epoch, one line per run (lower is better); `best` adds one marked point, the best epoch of a single run.
 * The epochs a run was not scored at are gaps the line spans.
 */
export function SwdChart({
  lines,
  best = null,
  height = 200,
  title,
}: {
  lines: readonly SwdLine[]
  best?: { epoch: number; swd: number } | null
  height?: number
  title: string
}) {
  const key = lines.map((line) => `${line.label}\n${line.color}`).join('\n\n')
  const marked = best !== null
  const options = useMemo((): ChartOptions => {
    const series: uPlot.Series[] = key.split('\n\n').map((entry) => {
      const [label, stroke] = entry.split('\n') as [string, string]
      return { label, stroke, width: 1.5, spanGaps: true, value: swdValue, points: { show: true, size: 5 } }
    })
    if (marked)
      series.push({
        label: 'Best epoch',
        stroke: BEST_EPOCH_COLOR,
        width: 0,
        value: swdValue,
        points: { show: true, size: 12, fill: BEST_EPOCH_COLOR, stroke: BEST_EPOCH_COLOR },
      })
    return {
      title,
      scales: { x: { time: false } },
      axes: [{ label: 'epoch' }, { label: 'SWD (lower is better)' }],
      series: [{ label: 'epoch' }, ...series],
      cursor: { drag: { x: true, y: false } },
      plugins: [latestLegend()],
    }
  }, [key, title, marked])

  const data = useMemo((): uPlot.AlignedData => {
    const perRun = lines.map((line): uPlot.AlignedData => [
      line.quality.map((q) => q.epoch),
      line.quality.map((q) => q.swd),
    ])
    if (best) perRun.push([[best.epoch], [best.swd]])
    return perRun.length === 0 ? [[]] : uPlot.join(perRun)
  }, [lines, best])

  return <UPlotChart options={options} data={data} height={height} aria-label={title} data-testid="swd-chart" />
}
