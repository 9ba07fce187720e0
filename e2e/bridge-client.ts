import WebSocket from 'ws'
import type { Reply } from '../src-main/contract/errors'
import type { ServerMessage } from '../src-main/contract/wire'

/** One contract call over the studio's WebSocket bridge, from the test process (as another client would). */
export function callBridge(url: string, channel: string, args: unknown): Promise<Reply<unknown>> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.on('open', () => ws.send(JSON.stringify({ type: 'call', id: 1, channel, args })))
    ws.on('message', (data) => {
      // events of whatever is running arrive on the same socket: wait for the reply
      const message = JSON.parse(String(data)) as ServerMessage
      if (message.type !== 'reply') return
      resolve(message)
      ws.close()
    })
    ws.on('error', reject)
  })
}

/** A contract call's value; a refused call fails the test with its code and message. */
export async function bridgeValue<T>(url: string, channel: string, args: unknown): Promise<T> {
  const reply = await callBridge(url, channel, args)
  if (!reply.ok) throw new Error(`${channel} was refused: ${reply.error.code} ${reply.error.message}`)
  return reply.value as T
}
