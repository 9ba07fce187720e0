import type { EventChannel, RequestChannel } from './channels'
import type { StudioErrorShape } from './errors'

/** Messages of the browser bridge (WebSocket); Electron IPC carries the same call and reply shapes. */
export type ClientMessage = { type: 'call'; id: number; channel: RequestChannel; args: unknown }

export type ServerMessage =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: StudioErrorShape }
  | { type: 'event'; channel: EventChannel; payload: unknown }

/** The one IPC channel on which main pushes events to a window; requests use their contract names. */
export const IPC_EVENT_CHANNEL = 'studio:event'
export const BRIDGE_PATH = '/bridge'
export const MEDIA_PATH = '/media/'
/** Browser mode: a finished export's file, or its folder as a zip, by export id (same token cookie as the bridge). */
export const DOWNLOAD_PATH = '/download/'
export const MEDIA_SCHEME = 'studio-media'
export const MEDIA_HOST = 'media'

/** The desktop app's URL of a media id (main answers it in app/media-request.ts). */
export const mediaSchemeUrl = (mediaId: string) => `${MEDIA_SCHEME}://${MEDIA_HOST}/${encodeURIComponent(mediaId)}`
