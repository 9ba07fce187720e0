import type { StudioErrorShape, Reply, ValidationIssue } from '../src-shared/contract/errors'
import { createStudioApi, type StudioApi } from '../src-shared/studio-client/studio-api'
import { createWebSocketTransport } from '../src-shared/studio-client/websocket-transport'

declare global {
  interface Window {
    studio?: StudioApi
  }
}

/** The Electron preload provides window.studio; in browser mode the same API runs over the WebSocket bridge. */
export const studio: StudioApi = window.studio ?? createStudioApi(createWebSocketTransport(window.location.origin))

export class StudioCallError extends Error {
  readonly code: StudioErrorShape['code']
  /** VALIDATION: each problem with the path of the argument it is about */
  readonly issues: ValidationIssue[]
  constructor(error: StudioErrorShape) {
    super(error.message)
    this.code = error.code
    this.issues = error.issues ?? []
  }
}

export async function unwrap<T>(reply: Promise<Reply<T>>): Promise<T> {
  const settled = await reply
  if (!settled.ok) throw new StudioCallError(settled.error)
  return settled.value
}
