import { useEffect, useEffectEvent } from 'react'
import type { EventChannel, EventPayload } from '../../src-shared/contract/channels'
import { studio } from '../studio'

/** Calls `handler` for each `event` from main while the component is mounted; the latest handler always runs. */
export function useStudioEvent<E extends EventChannel>(event: E, handler: (payload: EventPayload<E>) => void): void {
  const onEvent = useEffectEvent(handler)
  useEffect(() => studio.on(event, (payload) => onEvent(payload)), [event])
}
