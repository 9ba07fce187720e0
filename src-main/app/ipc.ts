import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { REQUEST_CHANNELS } from '../../src-shared/contract/channels'
import { IPC_EVENT_CHANNEL } from '../../src-shared/contract/wire'
import type { Dispatch } from '../bridge/dispatcher'
import type { EventHub } from '../bridge/event-hub'

/**
 * Serves the contract over ipcMain: one handle per channel, each call checked to come from our own
 * renderer's top frame before it reaches the dispatcher; events fan out to every window.
 */
export function registerIpc(
  dispatch: Dispatch,
  hub: EventHub,
  isTrustedUrl: (url: string) => boolean,
  windows: () => WebContents[],
) {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, args: unknown) => {
      const frame = event.senderFrame
      if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
        return { ok: false, error: { code: 'VALIDATION', message: 'Untrusted sender.' } }
      }
      return dispatch(channel, args, { transport: 'electron' })
    })
  }
  hub.subscribe((channel, payload) => {
    for (const contents of windows())
      if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { channel, payload })
  })
}
