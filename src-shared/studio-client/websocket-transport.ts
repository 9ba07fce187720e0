import type { EventChannel, RequestChannel } from '../contract/channels'
import type { Reply } from '../contract/errors'
import { BRIDGE_PATH, DOWNLOAD_PATH, MEDIA_PATH, type ClientMessage, type ServerMessage } from '../contract/wire'
import type { Transport } from './studio-api'

const RETRY_MS = [250, 500, 1000, 2000, 4000]

/**
 * Browser mode: the contract over one WebSocket to `dcgan-studio serve`. Calls made while the socket
 * is (re)connecting wait for it; a dropped connection is retried, and calls in flight fail with UNAVAILABLE.
 */
export function createWebSocketTransport(origin: string): Transport {
  const url = `${origin.replace(/^http/, 'ws')}${BRIDGE_PATH}`
  const pending = new Map<number, (reply: Reply<unknown>) => void>()
  const listeners = new Set<(channel: EventChannel, payload: unknown) => void>()
  let nextId = 1
  let attempt = 0
  let socket: Promise<WebSocket> = connect()

  function connect(): Promise<WebSocket> {
    return new Promise((resolve) => {
      const ws = new WebSocket(url)
      ws.onopen = () => {
        attempt = 0
        resolve(ws)
      }
      ws.onmessage = (event) => {
        const message = JSON.parse(String(event.data)) as ServerMessage
        if (message.type === 'event') {
          for (const listener of listeners) listener(message.channel, message.payload)
        } else {
          const { id, type: _type, ...reply } = message
          pending.get(id)?.(reply as Reply<unknown>)
          pending.delete(id)
        }
      }
      ws.onclose = () => {
        for (const settle of pending.values()) {
          settle({ ok: false, error: { code: 'UNAVAILABLE', message: 'Lost the connection to the studio; retrying.' } })
        }
        pending.clear()
        const delay = RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]
        socket = new Promise((resume) => setTimeout(() => connect().then(resume), delay))
      }
    })
  }

  return {
    async invoke(channel: RequestChannel, args: unknown) {
      const ws = await socket
      const id = nextId++
      const message: ClientMessage = { type: 'call', id, channel, args }
      return new Promise<Reply<unknown>>((resolve) => {
        pending.set(id, resolve)
        ws.send(JSON.stringify(message))
      })
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    mediaUrl: (mediaId) => `${origin}${MEDIA_PATH}${encodeURIComponent(mediaId)}`,
    downloadUrl: (exportId) => `${origin}${DOWNLOAD_PATH}${encodeURIComponent(exportId)}`,
  }
}
