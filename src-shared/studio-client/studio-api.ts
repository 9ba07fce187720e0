import {
  PAGE_CHANNELS,
  type EventChannel,
  type PageChannel,
  type EventPayload,
  type RequestArgs,
  type RequestChannel,
  type RequestResult,
} from '../contract/channels'
import type { FolderGrant } from '../contract/datasets'
import type { Reply } from '../contract/errors'

/** How calls and events travel: Electron IPC in the desktop app, a WebSocket in browser mode. */
export interface Transport {
  invoke(channel: RequestChannel, args: unknown): Promise<Reply<unknown>>
  subscribe(listener: (channel: EventChannel, payload: unknown) => void): () => void
  mediaUrl(mediaId: string): string
  /** Browser mode only: where a finished export can be downloaded (the studio may be another machine). */
  downloadUrl?(exportId: string): string
}

type Namespace = PageChannel extends `${infer N}.${string}` ? N : never

export type StudioApi = {
  [N in Namespace]: {
    [C in PageChannel as C extends `${N}.${infer Method}` ? Method : never]: (
      args: RequestArgs<C>,
    ) => Promise<Reply<RequestResult<C>>>
  }
} & {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /** A URL the UI can show for an opaque media id (a thumbnail, a sample): never a file path. */
  mediaUrl(mediaId: string): string
  /** Browser mode only: the URL of a finished export as one file (a folder comes as a zip). */
  downloadUrl?(exportId: string): string
  /** Desktop app only: grants what the user dropped on the window (one folder, or photo files). */
  grantDropped?(files: readonly File[]): Promise<Reply<FolderGrant>>
}

/**
 * window.studio: one typed method per contract channel (`studio.datasets.list({})`) and typed event
 * subscriptions. Replies are plain `{ ok, value | error }` objects so they cross the context bridge intact.
 */
export function createStudioApi(transport: Transport): StudioApi {
  const api: Record<string, unknown> = {}
  for (const channel of PAGE_CHANNELS) {
    const [namespace, method] = channel.split('.') as [string, string]
    const methods = (api[namespace] ??= {}) as Record<string, unknown>
    methods[method] = (args: unknown) => transport.invoke(channel, args)
  }
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>()
  transport.subscribe((channel, payload) => {
    for (const listener of listeners.get(channel) ?? []) listener(payload)
  })
  api.on = (event: EventChannel, listener: (payload: unknown) => void) => {
    const set = listeners.get(event) ?? new Set()
    listeners.set(event, set)
    set.add(listener)
    return () => set.delete(listener)
  }
  api.mediaUrl = (mediaId: string) => transport.mediaUrl(mediaId)
  const downloadUrl = transport.downloadUrl?.bind(transport)
  if (downloadUrl) api.downloadUrl = downloadUrl
  return api as StudioApi
}
