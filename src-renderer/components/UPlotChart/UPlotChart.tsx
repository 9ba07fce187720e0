import { Box, useComputedColorScheme } from '@mantine/core'
import { useEffect, useEffectEvent, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { SharedXView } from './sharedXView'

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>

interface UPlotChartProps {
  /** Everything but the size; a new object re-creates the chart, so memoise it. */
  options: ChartOptions
  data: uPlot.AlignedData
  height: number
  /** Called with each chart the wrapper creates (again after a theme change). */
  onCreate?: (chart: uPlot) => void
  /** Zoom and pan shared with other charts; new data then keeps the range the user is looking at. */
  view?: SharedXView
  'data-testid'?: string
  'aria-label'?: string
}

const THEMES = {
  light: { text: '#495057', grid: 'rgba(0, 0, 0, 0.08)' },
  dark: { text: '#c9c9c9', grid: 'rgba(255, 255, 255, 0.10)' },
} as const

/**
 * A uPlot chart that fills its container's width: re-sized on container resize, re-created when the
 * options or the colour scheme change, and fed new data in place (no re-creation) when only the data changes.
 */
export function UPlotChart({ options, data, height, onCreate, view, ...rest }: UPlotChartProps) {
  const containerRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<uPlot | null>(null)
  const dataRef = useRef(data)
  const scheme = useComputedColorScheme('light')
  const created = useEffectEvent((chart: uPlot) => onCreate?.(chart))

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const colours = THEMES[scheme]
    const axes = (options.axes ?? [{}, {}]).map((axis) => ({
      ...axis,
      stroke: colours.text,
      grid: { stroke: colours.grid, width: 1, ...axis.grid },
      ticks: { stroke: colours.grid, width: 1, ...axis.ticks },
    }))
    const plugins = view ? [...(options.plugins ?? []), view.plugin()] : options.plugins
    const chart = new uPlot(
      { ...options, axes, plugins, width: Math.max(100, container.clientWidth), height },
      dataRef.current,
      container,
    )
    chartRef.current = chart
    created(chart)
    const observer = new ResizeObserver(() => {
      const width = container.clientWidth
      if (width > 0 && width !== chart.width) chart.setSize({ width, height })
    })
    observer.observe(container)
    return () => {
      observer.disconnect()
      chart.destroy()
      chartRef.current = null
    }
  }, [options, height, scheme, view])

  useEffect(() => {
    dataRef.current = data
    const chart = chartRef.current
    if (!chart) return
    if (view) view.setData(chart, data)
    else chart.setData(data)
  }, [data, view])

  return <Box ref={containerRef} w="100%" style={{ minWidth: 0 }} {...rest} />
}
