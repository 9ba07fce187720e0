import type uPlot from 'uplot'

/** Per series, the index of its last value that is not null (null when it has none); index 0 is the x series. */
export function latestIndices(data: uPlot.AlignedData): (number | null)[] {
  return data.map((values, series) => {
    if (series === 0) return values.length > 0 ? values.length - 1 : null
    for (let index = values.length - 1; index >= 0; index--)
      if (values[index] !== null && values[index] !== undefined) return index
    return null
  })
}

/**
 * A plugin that shows each series' latest value in the legend whenever the cursor is not over the plot (uPlot
 * shows "—" there), as TensorBoard and W&B do: hovering still reads the values under the cursor.
 */
export function latestLegend(): uPlot.Plugin {
  const showLatest = (chart: uPlot) => {
    if (chart.cursor.idx === null || chart.cursor.idx === undefined)
      chart.setLegend({ idxs: latestIndices(chart.data) }, false)
  }
  return { hooks: { ready: showLatest, setData: showLatest, setCursor: showLatest } }
}
