import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { EventChannel } from '../src-shared/contract/channels'
import { IPC_EVENT_CHANNEL, mediaSchemeUrl } from '../src-shared/contract/wire'
import { createGrantDropped } from './grant-dropped'
import { createStudioApi, type StudioApi, type Transport } from '../src-shared/studio-client/studio-api'

/** Electron preload: exposes window.studio over IPC. ipcRenderer itself never reaches the page. */
const electronTransport: Transport = {
  invoke: (channel, args) => ipcRenderer.invoke(channel, args),
  subscribe(listener) {
    const forward = (_event: IpcRendererEvent, message: { channel: EventChannel; payload: unknown }) =>
      listener(message.channel, message.payload)
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward)
    return () => ipcRenderer.off(IPC_EVENT_CHANNEL, forward)
  },
  mediaUrl: mediaSchemeUrl,
}

const studio: StudioApi = {
  ...createStudioApi(electronTransport),
  grantDropped: createGrantDropped((file) => webUtils.getPathForFile(file), electronTransport.invoke),
}

contextBridge.exposeInMainWorld('studio', studio)
