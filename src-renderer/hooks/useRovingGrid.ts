import { useRef, useState, type KeyboardEvent } from 'react'

/** Where each key moves from `from` in a grid of `count` cells, `columns` wide; null for keys the grid leaves alone. */
export function rovingTarget(key: string, from: number, count: number, columns: number): number | null {
  const rowStart = from - (from % columns)
  const target: Record<string, number> = {
    ArrowRight: from + 1,
    ArrowLeft: from - 1,
    ArrowDown: from + columns,
    ArrowUp: from - columns,
    Home: rowStart,
    End: Math.min(count - 1, rowStart + columns - 1),
    PageUp: from % columns,
    PageDown: from + Math.floor((count - 1 - from) / columns) * columns,
  }
  const next = target[key]
  return next === undefined ? null : Math.min(count - 1, Math.max(0, next))
}

/**
 * A grid of buttons that is one tab stop: Tab lands on the last cell used, the arrow keys move between cells
 * (Home/End within a row, Page Up/Down to the first/last row), as in the WAI-ARIA grid pattern.
 */
export function useRovingGrid(count: number, columns: number) {
  const [active, setActive] = useState(0)
  const cells = useRef<(HTMLElement | null)[]>([])
  const current = Math.min(active, Math.max(0, count - 1))
  return (index: number) => ({
    tabIndex: index === current ? 0 : -1,
    ref: (element: HTMLElement | null) => {
      cells.current[index] = element
    },
    onFocus: () => setActive(index),
    onKeyDown: (event: KeyboardEvent) => {
      const next = rovingTarget(event.key, index, count, columns)
      if (next === null) return
      event.preventDefault()
      setActive(next)
      cells.current[next]?.focus()
    },
  })
}
