import { useEffect, useRef, useState } from 'react'
import type { LatentModel } from '../../../src-shared/contract/latent'
import { studio, unwrap } from '../../studio'
import type { Generator } from './generator'

export type GeneratorState =
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  /** `updating`: another checkpoint is loading; until it is ready, `generator` is the previous one */
  | { status: 'ready'; generator: Generator; updating: boolean }

/**
 * The generator of a run's checkpoint (its newest when `checkpointId` is undefined; G's own weights when `raw`, else
 * their EMA), loaded in this window. Switching checkpoints keeps the previous generator drawing until the next one is ready.
 * TF.js itself is loaded with the first generator, not with the app.
 */
export function useGenerator(
  runId: number,
  checkpointId: number | undefined,
  raw = false,
): GeneratorState & { reload: () => void } {
  const [state, setState] = useState<{ key: string; state: GeneratorState } | null>(null)
  const [generation, setGeneration] = useState(0)
  const held = useRef<{ model: LatentModel; release: (model: LatentModel) => void } | null>(null)
  const key = `${runId}:${checkpointId ?? 'newest'}:${raw ? 'raw' : 'ema'}:${generation}`

  useEffect(() => {
    let live = true
    void (async () => {
      try {
        const model = await unwrap(studio.latent.model({ runId, checkpointId, ...(raw && { raw }) }))
        const { acquireGenerator, releaseGenerator } = await import('./generator')
        const generator = await acquireGenerator(model)
        if (!live) return releaseGenerator(model)
        const previous = held.current
        held.current = { model, release: releaseGenerator }
        previous?.release(previous.model)
        setState({ key, state: { status: 'ready', generator, updating: false } })
      } catch (error) {
        if (live) setState({ key, state: { status: 'error', error: error as Error } })
      }
    })()
    return () => {
      live = false
    }
  }, [key, runId, checkpointId, raw])

  useEffect(
    () => () => {
      held.current?.release(held.current.model)
      held.current = null
    },
    [],
  )

  let current: GeneratorState = { status: 'loading' }
  if (state?.key === key) current = state.state
  else if (state?.state.status === 'ready') current = { ...state.state, updating: true }
  return { ...current, reload: () => setGeneration((value) => value + 1) }
}
