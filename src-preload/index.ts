import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { EventChannel } from '../src-main/contract/channels'
import { IPC_EVENT_CHANNEL, MEDIA_SCHEME } from '../src-main/contract/wire'
import { createStudioApi, type Transport } from './studio-api'

/** Electron preload: exposes window.studio over IPC. ipcRenderer itself never reaches the page. */
const electronTransport: Transport = {
  invoke: (channel, args) => ipcRenderer.invoke(channel, args),
  subscribe(listener) {
    const forward = (_event: IpcRendererEvent, message: { channel: EventChannel; payload: unknown }) =>
      listener(message.channel, message.payload)
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward)
    return () => ipcRenderer.off(IPC_EVENT_CHANNEL, forward)
  },
  mediaUrl: (mediaId) => `${MEDIA_SCHEME}://media/${encodeURIComponent(mediaId)}`,
}

contextBridge.exposeInMainWorld('studio', createStudioApi(electronTransport))
