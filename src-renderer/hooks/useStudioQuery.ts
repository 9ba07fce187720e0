import { useCallback, useEffect, useState } from 'react'
import type { Reply } from '../../src-shared/contract/errors'
import { unwrap, type StudioCallError } from '../studio'

export type QueryState<T> =
  { status: 'loading' } | { status: 'error'; error: StudioCallError | Error } | { status: 'ready'; data: T }

/** Runs a contract call on mount (and when `deps` change); `reload` runs it again. */
export function useStudioQuery<T>(
  call: () => Promise<Reply<T>>,
  deps: readonly unknown[],
): QueryState<T> & { reload: () => void } {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' })
  const [generation, setGeneration] = useState(0)
  const reload = useCallback(() => setGeneration((value) => value + 1), [])
  useEffect(() => {
    let live = true
    unwrap(call()).then(
      (data) => live && setState({ status: 'ready', data }),
      (error: Error) => live && setState({ status: 'error', error }),
    )
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation])
  return { ...state, reload }
}
