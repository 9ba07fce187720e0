import { useCallback, useRef, useState } from 'react'
import type { DatasetImage } from '../../../../src-shared/contract/datasets'
import { useStudioEvent } from '../../../hooks/useStudioEvent'
import { studio, unwrap } from '../../../studio'

const PAGE_SIZE = 200

interface CachedPage {
  images: readonly DatasetImage[]
  /** Pages fetched before the dataset last changed are still shown, and fetched again when next in view. */
  generation: number
}

export interface ImagePages {
  total: number
  imageAt: (index: number) => DatasetImage | undefined
  /** Fetches whichever pages covering images `first`…`last` are missing or stale. */
  load: (first: number, last: number) => void
  setExcludedLocally: (index: number, imageId: number, excluded: boolean) => void
  error: Error | null
  retry: () => void
}

/** A dataset's images, fetched a page at a time as they come into view, so 10,000 images cost a few small calls. */
export function useImagePages(datasetId: number, initialTotal: number): ImagePages {
  const [pages, setPages] = useState<ReadonlyMap<number, CachedPage>>(() => new Map())
  const [total, setTotal] = useState(initialTotal)
  const [generation, setGeneration] = useState(0)
  const [error, setError] = useState<Error | null>(null)
  // `${generation}:${page}` for every page asked for: in flight, arrived or failed; a failed page waits for retry().
  const requested = useRef(new Set<string>())

  useStudioEvent('datasets.changed', (event) => {
    if (event.datasetId === datasetId) setGeneration((value) => value + 1)
  })

  const load = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page += 1) {
        const key = `${generation}:${page}`
        if (pages.get(page)?.generation === generation || requested.current.has(key)) continue
        requested.current.add(key)
        unwrap(studio.datasets.images({ datasetId, offset: page * PAGE_SIZE, limit: PAGE_SIZE })).then(
          (result) => {
            setTotal(result.total)
            setPages((current) => {
              const cached = current.get(page)
              if (cached && cached.generation > generation) return current
              return new Map(current).set(page, { images: result.images, generation })
            })
          },
          (caught: Error) => setError(caught),
        )
      }
    },
    [datasetId, generation, pages],
  )

  const imageAt = useCallback(
    (index: number) => pages.get(Math.floor(index / PAGE_SIZE))?.images[index % PAGE_SIZE],
    [pages],
  )

  const setExcludedLocally = useCallback((index: number, imageId: number, excluded: boolean) => {
    const page = Math.floor(index / PAGE_SIZE)
    setPages((current) => {
      const cached = current.get(page)
      if (cached?.images[index % PAGE_SIZE]?.id !== imageId) return current
      const images = cached.images.map((image) => (image.id === imageId ? { ...image, excluded } : image))
      return new Map(current).set(page, { ...cached, images })
    })
  }, [])

  const retry = useCallback(() => {
    setError(null)
    setGeneration((value) => value + 1)
  }, [])

  return { total, imageAt, load, setExcludedLocally, error, retry }
}
