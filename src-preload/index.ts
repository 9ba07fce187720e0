import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { EventChannel } from '../src-main/contract/channels'
import { IPC_EVENT_CHANNEL, mediaSchemeUrl } from '../src-main/contract/wire'
import type { FolderGrant } from '../src-main/contract/datasets'
import type { Reply } from '../src-main/contract/errors'
import { createStudioApi, type StudioApi, type Transport } from './studio-api'

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
  grantDroppedFolder: async (file) => {
    const path = webUtils.getPathForFile(file)
    if (!path) return { ok: false, error: { code: 'VALIDATION', message: 'That item has no folder on this computer.' } }
    return (await electronTransport.invoke('folders.grantDropped', { path })) as Reply<FolderGrant>
  },
}

contextBridge.exposeInMainWorld('studio', studio)
