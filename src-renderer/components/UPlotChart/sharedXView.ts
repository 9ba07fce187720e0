import type uPlot from 'uplot'

export type XRange = readonly [min: number, max: number]

const ZOOM_PER_WHEEL_PIXEL = 0.002
const MIN_DRAG_PX = 6

/** The first and last x of a chart's data, or null while it has none. */
function dataExtent(chart: uPlot): XRange | null {
  const xs = chart.data[0]
  return xs.length === 0 ? null : [xs[0]!, xs[xs.length - 1]!]
}

/** `range` moved inside `extent`, no wider than it; null when it would show all of it. */
export function clampRange(range: XRange, extent: XRange): XRange | null {
  const width = range[1] - range[0]
  const whole = extent[1] - extent[0]
  if (!(width > 0) || width >= whole) return null
  const min = Math.min(Math.max(range[0], extent[0]), extent[1] - width)
  return [min, min + width]
}

/** `range` scaled by `factor` around `anchor` (factor < 1 zooms in). */
export function zoomRange(range: XRange, anchor: number, factor: number): XRange {
  return [anchor - (anchor - range[0]) * factor, anchor + (range[1] - anchor) * factor]
}

/**
 * One x range shown by several uPlot charts (null: all their data). Users change it by dragging across a chart
 * (zoom to the selection), Ctrl+wheel or a pinch (zoom at the pointer), Shift+drag, Shift+wheel or a sideways swipe
 * (pan), and double-click (show all). Changes are drawn at most once per frame; `onSettled` hears of a range once
 * it has stayed put for `settleMs`, so data for it is fetched once per gesture, not per frame.
 */
export class SharedXView {
  #range: XRange | null = null
  #pending: { range: XRange | null } | null = null
  #frame = 0
  #settleTimer: ReturnType<typeof setTimeout> | undefined
  readonly #charts = new Set<uPlot>()

  constructor(
    private readonly onSettled: (range: XRange | null) => void,
    private readonly settleMs = 200,
  ) {}

  get range(): XRange | null {
    return this.#range
  }

  /** Asks for a range, clamped to the data; drawn on the next animation frame. */
  set(range: XRange | null): void {
    this.#pending = { range }
    this.#frame ||= requestAnimationFrame(() => this.#apply())
  }

  /** New data for a chart, keeping the range the user is looking at. */
  setData(chart: uPlot, data: uPlot.AlignedData): void {
    const range = this.#range
    if (!range) return chart.setData(data)
    chart.batch(() => {
      chart.setData(data, false)
      chart.setScale('x', { min: range[0], max: range[1] })
    })
  }

  /** The plugin that joins a chart to this view (its options get a drag-to-zoom cursor). */
  plugin(): uPlot.Plugin {
    let detach = () => {}
    return {
      opts: (_chart, options) => ({
        ...options,
        cursor: { ...options.cursor, drag: { x: true, y: false, setScale: false } },
      }),
      hooks: {
        ready: (chart) => {
          this.#charts.add(chart)
          detach = this.#listen(chart)
          if (this.#range) chart.setScale('x', { min: this.#range[0], max: this.#range[1] })
        },
        setSelect: (chart) => {
          const { left, width } = chart.select
          if (width < MIN_DRAG_PX) return
          chart.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false)
          this.set([chart.posToVal(left, 'x'), chart.posToVal(left + width, 'x')])
        },
        destroy: (chart) => {
          detach()
          this.#charts.delete(chart)
        },
      },
    }
  }

  /** Drops a change not yet drawn or settled (charts leave the view when they are destroyed). */
  dispose(): void {
    cancelAnimationFrame(this.#frame)
    this.#frame = 0
    this.#pending = null
    clearTimeout(this.#settleTimer)
  }

  /** Back to showing everything at once, without drawing: for charts about to be re-created. */
  reset(): void {
    this.dispose()
    this.#range = null
  }

  #apply(): void {
    this.#frame = 0
    const pending = this.#pending
    this.#pending = null
    if (!pending) return
    const [chart] = this.#charts
    const extent = chart && dataExtent(chart)
    const range = pending.range && extent ? clampRange(pending.range, extent) : null
    this.#range = range
    for (const each of this.#charts) {
      const shown = range ?? dataExtent(each)
      if (shown) each.setScale('x', { min: shown[0], max: shown[1] })
    }
    clearTimeout(this.#settleTimer)
    this.#settleTimer = setTimeout(() => this.onSettled(this.#range), this.settleMs)
  }

  /** The range currently drawn by `chart`, or the one about to be. */
  #current(chart: uPlot): XRange | null {
    if (this.#pending) return this.#pending.range ?? dataExtent(chart)
    const { min, max } = chart.scales.x!
    return min === undefined || max === undefined || min === null || max === null ? dataExtent(chart) : [min, max]
  }

  #listen(chart: uPlot): () => void {
    const over = chart.over
    const valueAt = (clientX: number) => chart.posToVal(clientX - over.getBoundingClientRect().left, 'x')
    const pan = (range: XRange, pixels: number) => {
      const shift = (pixels / over.clientWidth) * (range[1] - range[0])
      this.set([range[0] + shift, range[1] + shift])
    }

    const onWheel = (event: WheelEvent) => {
      const range = this.#current(chart)
      if (!range) return
      if (event.ctrlKey || event.metaKey) {
        const factor = Math.min(2, Math.max(0.5, Math.exp(event.deltaY * ZOOM_PER_WHEEL_PIXEL)))
        this.set(zoomRange(range, valueAt(event.clientX), factor))
      } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        pan(range, event.deltaX || event.deltaY)
      } else {
        return // a plain wheel scrolls the page
      }
      event.preventDefault()
    }

    // Capturing on the root runs before uPlot's own mousedown on `over`, which would start a selection.
    const onMouseDown = (event: MouseEvent) => {
      if (!event.shiftKey || event.button !== 0 || !over.contains(event.target as Node)) return
      const start = this.#current(chart)
      if (!start) return
      event.stopPropagation()
      event.preventDefault()
      const startX = event.clientX
      const onMove = (move: MouseEvent) => pan(start, startX - move.clientX)
      const onUp = () => {
        window.removeEventListener('mousemove', onMove)
        window.removeEventListener('mouseup', onUp)
      }
      window.addEventListener('mousemove', onMove)
      window.addEventListener('mouseup', onUp)
    }

    const onDoubleClick = () => this.set(null)

    over.addEventListener('wheel', onWheel, { passive: false })
    chart.root.addEventListener('mousedown', onMouseDown, { capture: true })
    over.addEventListener('dblclick', onDoubleClick)
    return () => {
      over.removeEventListener('wheel', onWheel)
      chart.root.removeEventListener('mousedown', onMouseDown, { capture: true })
      over.removeEventListener('dblclick', onDoubleClick)
    }
  }
}
