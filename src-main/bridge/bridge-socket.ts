import type { EventEmitter } from 'node:events'
import type { RawData, WebSocket } from 'ws'
import type { ServerMessage } from '../../src-shared/contract/wire'
import type { Dispatch } from './dispatcher'

/** The largest message a client may send; a bigger frame closes its socket with 1009 before it is buffered. */
export const MAX_MESSAGE_BYTES = 1 << 20
/** A client that stops reading while this much waits to be sent to it is dropped rather than buffered without end. */
export const MAX_BUFFERED_BYTES = 16 << 20
/** Calls one connection may have running at once; more are answered UNAVAILABLE until some finish. */
export const MAX_CALLS_IN_FLIGHT = 64

/** Close codes (RFC 6455 §7.4.1). */
export const CLOSE = {
  protocolError: 1002,
  unsupportedData: 1003,
  invalidData: 1007,
  policyViolation: 1008,
  tooBig: 1009,
  internalError: 1011,
} as const

/** Frames `ws` itself refuses (it then closes with a code but no reason): the reason a client is told. */
const REFUSED_FRAMES: Record<string, [code: number, reason: string]> = {
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: [CLOSE.tooBig, `Messages are limited to ${MAX_MESSAGE_BYTES} bytes`],
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: [CLOSE.tooBig, `Messages are limited to ${MAX_MESSAGE_BYTES} bytes`],
  WS_ERR_INVALID_UTF8: [CLOSE.invalidData, 'Text messages must be valid UTF-8'],
}

type Log = (message: string) => void

/**
 * The contract over one WebSocket. Whatever a client sends (binary, not JSON, JSON of the wrong shape, a
 * frame too big or not UTF-8), the answer is an error reply or a closed socket with its reason: nothing a
 * client sends can throw in the server.
 */
export function serveSocket(ws: WebSocket, dispatch: Dispatch, log: Log): void {
  let callsInFlight = 0
  ws.on('error', (error: Error & { code?: string }) => {
    // frames refused by ws are the client's mistake and already explained to it; anything else is worth a line
    if (!(error.code && error.code.startsWith('WS_ERR_'))) log(`[bridge] socket error: ${error.message}`)
  })
  explainRefusedFrames(ws)

  ws.on('message', (data, isBinary) => {
    if (isBinary) return ws.close(CLOSE.unsupportedData, 'Messages must be JSON text, not binary')
    const message = parseCall(data)
    if (message === 'not-json') return ws.close(CLOSE.unsupportedData, 'Messages must be JSON')
    if (message === 'no-id')
      return ws.close(CLOSE.policyViolation, 'Messages must be {"type":"call","id":<integer>,"channel","args"}')
    if ('error' in message)
      return send(ws, {
        type: 'reply',
        id: message.id,
        ok: false,
        error: { code: 'VALIDATION', message: message.error },
      })
    if (callsInFlight >= MAX_CALLS_IN_FLIGHT) {
      const error = {
        code: 'UNAVAILABLE' as const,
        message: `At most ${MAX_CALLS_IN_FLIGHT} calls may run at once on one connection.`,
      }
      return send(ws, { type: 'reply', id: message.id, ok: false, error })
    }
    callsInFlight++
    dispatch(message.channel, message.args, { transport: 'browser' })
      .then((reply) => send(ws, { type: 'reply', id: message.id, ...reply }))
      .catch((error: unknown) => {
        log(
          `[bridge] a call failed outside its handler: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        )
        ws.close(CLOSE.internalError, 'The studio could not answer that call')
      })
      .finally(() => callsInFlight--)
  })
}

/** Sends unless the socket has closed; a client that has stopped reading is dropped instead of buffered. */
export function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState !== ws.OPEN) return
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.terminate()
  ws.send(JSON.stringify(message))
}

type ParsedCall = { id: number; channel: unknown; args: unknown } | { id: number; error: string }

function parseCall(data: RawData): ParsedCall | 'not-json' | 'no-id' {
  let message: unknown
  try {
    // text frames arrive as one Buffer (binaryType 'nodebuffer'), already checked to be UTF-8 by ws
    message = JSON.parse(String(data))
  } catch {
    return 'not-json'
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return 'no-id'
  const { type, id, channel, args } = message as Record<string, unknown>
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return 'no-id'
  if (type !== 'call') return { id, error: 'Only messages of type "call" are accepted.' }
  return { id, channel, args }
}

/**
 * `ws` closes a socket whose frame it refuses with the right code but no reason. Its receiver (a private
 * field, checked by the bridge tests) reports the refusal first to a listener put before its own, which
 * closes with the reason; ws's own close then finds the socket closing and does nothing more.
 */
function explainRefusedFrames(ws: WebSocket): void {
  const receiver = (ws as unknown as { _receiver?: EventEmitter })._receiver
  receiver?.prependListener('error', (error: Error & { code?: string }) => {
    const [code, reason] = REFUSED_FRAMES[error.code ?? ''] ?? [CLOSE.protocolError, 'Malformed WebSocket frame']
    ws.close(code, reason)
  })
}
