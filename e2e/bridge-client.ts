import WebSocket from 'ws'
import type { RequestArgs, RequestChannel, RequestResult } from '../src-shared/contract/channels'
import type { Reply } from '../src-shared/contract/errors'
import type { ServerMessage } from '../src-shared/contract/wire'
import type { RunningStudio } from './studio-server'

/** The bridge of a running studio, for a client outside the browser (the token goes in the query). */
export const bridgeSocketUrl = (studio: Pick<RunningStudio, 'url' | 'token'>) =>
  `${studio.url.replace(/^http/, 'ws')}bridge?token=${studio.token}`

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

export interface BridgeClient {
  /** A contract call; resolves with the value, rejects with the error's code and message. */
  call<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>>
  close(): void
}

/** A test's own connection to a running studio's bridge, for setting things up without the UI. */
export async function connectBridge(studio: Pick<RunningStudio, 'url' | 'token'>): Promise<BridgeClient> {
  const ws = new WebSocket(bridgeSocketUrl(studio))
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const pending = new Map<number, (message: Extract<ServerMessage, { type: 'reply' }>) => void>()
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerMessage
    if (message.type === 'reply') pending.get(message.id)?.(message)
  })
  let nextId = 1
  return {
    call(channel, args) {
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, (reply) => {
          pending.delete(id)
          if (reply.ok) resolve(reply.value as never)
          else reject(new Error(`${channel}: ${reply.error.code}: ${reply.error.message}`))
        })
        ws.send(JSON.stringify({ type: 'call', id, channel, args }))
      })
    },
    close: () => ws.close(),
  }
}

/** One contract call on a connection of its own; a refused call fails with its code and message. */
export async function bridgeValue<C extends RequestChannel>(
  studio: Pick<RunningStudio, 'url' | 'token'>,
  channel: C,
  args: RequestArgs<C>,
): Promise<RequestResult<C>> {
  const client = await connectBridge(studio)
  try {
    return await client.call(channel, args)
  } finally {
    client.close()
  }
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
