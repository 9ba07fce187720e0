// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest'
import { render, screen } from '../../../test-utils/render'
import { ThumbnailGrid } from './ThumbnailGrid'

function renderGrid(total: number) {
  return render(
    <ThumbnailGrid
      total={total}
      imageAt={() => undefined}
      onRangeChange={vi.fn()}
      activeIndex={0}
      onActivate={vi.fn()}
      onToggleExcluded={vi.fn()}
    />,
  )
}

describe('ThumbnailGrid height', () => {
  it('a small set is as tall as its rows, with no fixed 320 px floor leaving a gap below them', () => {
    // before the grid is measured it lays one 104 px cell (+ 6 px gap) a row
    renderGrid(2)
    const grid = screen.getByRole('group', { name: 'Images in this dataset' })
    expect(grid.style.height).toMatch(/^min\(70vh, .+, 220px\)$/)
    // Mantine writes lengths in rem: 220 px is 13.75rem
    expect(grid.style.minHeight).toContain('13.75rem')
  })

  it('a large set is capped at a screenful and scrolls', () => {
    renderGrid(5000)
    const grid = screen.getByRole('group', { name: 'Images in this dataset' })
    expect(grid.style.height).toMatch(/^min\(70vh, .+, 550000px\)$/)
    expect(grid.style.minHeight).toContain('20rem')
  })
})
