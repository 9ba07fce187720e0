import type { EventChannel, EventPayload } from '../../src-shared/contract/channels'

export type EventListener = (channel: EventChannel, payload: unknown) => void

/** Services publish contract events here; each transport subscribes once and fans them out. */
export class EventHub {
  readonly #listeners = new Set<EventListener>()

  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void {
    for (const listener of this.#listeners) listener(channel, payload)
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}
