import { Badge, Box, Skeleton, UnstyledButton } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { DatasetImage } from '../../../../src-shared/contract/datasets'
import { thumbnailUrl } from '../thumbnailUrl'

const MIN_CELL = 104
const GAP = 6
const OVERSCAN_ROWS = 3
/**
 * Above this speed (px/s) rows that scroll into view get no <img> until the scrolling slows: every image
 * is a request, and in browser mode a flick through thousands of rows would queue them behind one another
 * for seconds after the grid has stopped.
 */
const FAST_SCROLL_SPEED = 4000

interface ThumbnailGridProps {
  total: number
  imageAt: (index: number) => DatasetImage | undefined
  /** Called with the range of images the grid is showing (overscan included), so their pages can be fetched. */
  onRangeChange: (first: number, last: number) => void
  activeIndex: number
  onActivate: (index: number) => void
  onToggleExcluded: (index: number, image: DatasetImage) => void
}

/**
 * Rows of thumbnails, virtualised: only the rows in view (and a few either side) are in the DOM. One cell is
 * tabbable at a time; arrow keys, Page Up/Down, Home and End move between cells, Enter or Space toggles one.
 */
export function ThumbnailGrid({
  total,
  imageAt,
  onRangeChange,
  activeIndex,
  onActivate,
  onToggleExcluded,
}: ThumbnailGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  // clientWidth, not the border box: a classic scrollbar takes room the cells cannot use.
  const [width, setWidth] = useState(0)
  useEffect(() => {
    const element = scrollRef.current
    if (!element) return
    const observer = new ResizeObserver(() => setWidth(element.clientWidth))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  const columns = Math.max(1, Math.floor((width + GAP) / (MIN_CELL + GAP)))
  const cellSize = width > 0 ? Math.floor((width - GAP * (columns - 1)) / columns) : MIN_CELL
  const rowHeight = cellSize + GAP

  const [scrollingFast, setScrollingFast] = useState(false)
  const lastScroll = useRef({ offset: 0, time: 0 })
  // eslint-disable-next-line react-hooks/incompatible-library -- this build has no React Compiler to skip.
  const virtualizer = useVirtualizer({
    count: Math.ceil(total / columns),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN_ROWS,
    onChange: (instance) => {
      const offset = instance.scrollOffset ?? 0
      const time = performance.now()
      const elapsed = time - lastScroll.current.time
      const speed = elapsed > 0 ? (1000 * Math.abs(offset - lastScroll.current.offset)) / elapsed : 0
      lastScroll.current = { offset, time }
      setScrollingFast(instance.isScrolling && speed > FAST_SCROLL_SPEED)
    },
  })
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight])

  const rows = virtualizer.getVirtualItems()
  const firstIndex = (rows[0]?.index ?? 0) * columns
  const lastIndex = Math.min(total, ((rows.at(-1)?.index ?? -1) + 1) * columns) - 1
  useEffect(() => {
    if (lastIndex >= firstIndex) onRangeChange(firstIndex, lastIndex)
  }, [firstIndex, lastIndex, onRangeChange])

  // A cell moved to by keyboard may not be rendered until the grid has scrolled to it; focus it once it is.
  const pendingFocus = useRef<number | null>(null)
  useEffect(() => {
    if (pendingFocus.current === null) return
    const cell = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus.current}"]`)
    if (cell) {
      cell.focus()
      pendingFocus.current = null
    }
  })

  const moveWithKeyboard = (event: KeyboardEvent) => {
    const rowsInView = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / rowHeight))
    const steps: Record<string, number> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: -columns,
      ArrowDown: columns,
      PageUp: -columns * rowsInView,
      PageDown: columns * rowsInView,
      Home: -total,
      End: total,
    }
    const step = steps[event.key]
    if (step === undefined || total === 0) return
    event.preventDefault()
    const target = Math.min(total - 1, Math.max(0, activeIndex + step))
    onActivate(target)
    pendingFocus.current = target
    virtualizer.scrollToIndex(Math.floor(target / columns))
  }

  // As tall as its rows, up to a screenful: a small set leaves no gap below it.
  const rowsHeight = virtualizer.getTotalSize()
  return (
    <Box
      ref={scrollRef}
      h={`min(70vh, 760px, ${rowsHeight}px)`}
      mih={Math.min(320, rowsHeight)}
      style={{ overflowY: 'auto', contain: 'strict' }}
      onKeyDown={moveWithKeyboard}
      role="group"
      aria-label="Images in this dataset"
    >
      <div style={{ height: rowsHeight, position: 'relative' }}>
        {rows.map((row) => (
          <div
            key={row.key}
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              height: cellSize,
              transform: `translateY(${row.start}px)`,
              display: 'grid',
              gridTemplateColumns: `repeat(${columns}, ${cellSize}px)`,
              gap: GAP,
            }}
          >
            {Array.from({ length: Math.min(columns, total - row.index * columns) }, (_, column) => {
              const index = row.index * columns + column
              return (
                <ThumbnailCell
                  key={index}
                  index={index}
                  image={imageAt(index)}
                  size={cellSize}
                  active={index === activeIndex}
                  deferImage={scrollingFast}
                  onActivate={onActivate}
                  onToggleExcluded={onToggleExcluded}
                />
              )
            })}
          </div>
        ))}
      </div>
    </Box>
  )
}

interface ThumbnailCellProps {
  index: number
  image: DatasetImage | undefined
  size: number
  active: boolean
  deferImage: boolean
  onActivate: (index: number) => void
  onToggleExcluded: (index: number, image: DatasetImage) => void
}

const ThumbnailCell = memo(function ThumbnailCell({
  index,
  image,
  size,
  active,
  deferImage,
  onActivate,
  onToggleExcluded,
}: ThumbnailCellProps) {
  // Once shown, a photo stays: only cells that arrive during a fast scroll wait.
  const [imageShown, setImageShown] = useState(!deferImage)
  if (!imageShown && !deferImage) setImageShown(true)
  if (!image) return <Skeleton w={size} h={size} radius="sm" />
  const copyOf = image.copyOf && `${image.copyOf.kind} of ${image.copyOf.file}`
  return (
    <UnstyledButton
      data-testid="thumbnail"
      data-index={index}
      tabIndex={active ? 0 : -1}
      aria-pressed={image.excluded}
      aria-label={`Exclude ${image.file}${copyOf ? ` (${copyOf})` : ''}`}
      title={copyOf ? `${image.file}: ${copyOf}` : image.file}
      onClick={() => {
        onActivate(index)
        onToggleExcluded(index, image)
      }}
      onFocus={() => onActivate(index)}
      style={{
        position: 'relative',
        width: size,
        height: size,
        borderRadius: 'var(--mantine-radius-sm)',
        overflow: 'hidden',
        background: 'var(--mantine-color-default-hover)',
      }}
    >
      {imageShown && (
        <img
          src={thumbnailUrl(image)}
          alt=""
          width={size}
          height={size}
          decoding="async"
          draggable={false}
          style={{
            display: 'block',
            objectFit: 'cover',
            opacity: image.excluded ? 0.3 : 1,
            filter: image.excluded ? 'grayscale(1)' : undefined,
          }}
        />
      )}
      {image.copyOf && (
        <Badge
          size="xs"
          color={image.copyOf.kind === 'duplicate' ? 'orange' : 'yellow'}
          pos="absolute"
          top={4}
          left={4}
          maw={size - 8}
        >
          {copyOf}
        </Badge>
      )}
      {image.excluded && (
        <Badge size="xs" color="gray" pos="absolute" bottom={4} left={4}>
          excluded
        </Badge>
      )}
      {active && (
        // Drawn over the photo: a border or shadow on the button itself would sit underneath it.
        <span
          style={{
            position: 'absolute',
            inset: 0,
            border: '3px solid var(--mantine-primary-color-filled)',
            borderRadius: 'inherit',
            pointerEvents: 'none',
          }}
        />
      )}
    </UnstyledButton>
  )
})
