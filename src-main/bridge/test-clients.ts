/** Clients for the bridge tests: real `ws` sockets, and raw TCP ones that write frames no `ws` client would. */
import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'
import WebSocket from 'ws'
import type { ServerMessage } from '../../src-shared/contract/wire'
import type { BrowserServer } from './browser-server'

/** Opens the server's printed link as a browser would and returns the cookie it sets. */
export async function signIn(server: Pick<BrowserServer, 'url'>): Promise<string> {
  const response = await fetch(server.url, { redirect: 'manual' })
  const cookie = response.headers.get('set-cookie')?.split(';')[0]
  if (response.status !== 303 || !cookie) throw new Error(`the link did not sign in: ${response.status}`)
  return cookie
}

export const bridgeUrl = (server: Pick<BrowserServer, 'origin'>) => `${server.origin.replace(/^http/, 'ws')}bridge`

export async function openSocket(server: Pick<BrowserServer, 'origin'>, cookie: string): Promise<WebSocket> {
  const ws = new WebSocket(bridgeUrl(server), { headers: { cookie } })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  return ws
}

export interface Closed {
  code: number
  reason: string
}

/** How the server closed the socket (a client's own errors, e.g. a reset while writing, are ignored). */
export function closeOf(ws: WebSocket): Promise<Closed> {
  ws.on('error', () => {})
  if (ws.readyState === ws.CLOSED) return Promise.reject(new Error('already closed'))
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })))
}

/** The next reply on `ws`, skipping events. */
export function nextReply(ws: WebSocket): Promise<Extract<ServerMessage, { type: 'reply' }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as ServerMessage
      if (message.type !== 'reply') return
      ws.off('message', onMessage).off('close', onClose)
      resolve(message)
    }
    const onClose = (code: number, reason: Buffer) =>
      reject(new Error(`closed ${code} ${String(reason)} before a reply`))
    ws.on('message', onMessage).once('close', onClose)
  })
}

/** A TCP connection to the bridge after a successful WebSocket handshake, to write raw frames on. */
export async function openRawSocket(server: Pick<BrowserServer, 'origin'>, cookie: string): Promise<Socket> {
  const { hostname, port } = new URL(server.origin)
  const socket = connect(Number(port), hostname)
  socket.on('error', () => {})
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  socket.write(
    [
      'GET /bridge HTTP/1.1',
      `Host: ${hostname}:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Cookie: ${cookie}`,
      '',
      '',
    ].join('\r\n'),
  )
  const head = await new Promise<string>((resolve, reject) => {
    let received = ''
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1')
      if (!received.includes('\r\n\r\n')) return
      socket.off('data', onData)
      resolve(received)
    }
    socket.on('data', onData)
    socket.once('close', () => reject(new Error(`closed during the handshake: ${received}`)))
  })
  if (!head.startsWith('HTTP/1.1 101')) throw new Error(`handshake refused: ${head.split('\r\n')[0]}`)
  return socket
}

/** One client-to-server frame (masked, as RFC 6455 requires), with a length field that may lie. */
export function frame(opcode: number, payload: Buffer, { fin = true, declaredLength = payload.length } = {}): Buffer {
  const mask = randomBytes(4)
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!))
  let header: Buffer
  if (declaredLength < 126) {
    header = Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | declaredLength])
  } else if (declaredLength < 65536) {
    header = Buffer.alloc(4)
    header.writeUInt16BE(declaredLength, 2)
    header[1] = 0x80 | 126
  } else {
    header = Buffer.alloc(10)
    header.writeBigUInt64BE(BigInt(declaredLength), 2)
    header[1] = 0x80 | 127
  }
  header[0] = (fin ? 0x80 : 0) | opcode
  return Buffer.concat([header, mask, masked])
}

/** The close code and reason of the close frame the server sent on a raw socket, or null if it sent none. */
export function rawCloseOf(socket: Socket): Promise<Closed | null> {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      // server frames are unmasked: opcode byte, length byte (126/127: 2/8 more length bytes), payload
      while (received.length >= 2) {
        const short = received[1]! & 0x7f
        const lengthBytes = short === 126 ? 2 : short === 127 ? 8 : 0
        if (received.length < 2 + lengthBytes) return
        const length =
          short === 126 ? received.readUInt16BE(2) : short === 127 ? Number(received.readBigUInt64BE(2)) : short
        const start = 2 + lengthBytes
        if (received.length < start + length) return
        if ((received[0]! & 0x0f) === 0x8) {
          const body = received.subarray(start, start + length)
          return resolve({ code: length >= 2 ? body.readUInt16BE(0) : 1005, reason: body.subarray(2).toString('utf8') })
        }
        received = received.subarray(start + length)
      }
    })
    socket.once('close', () => resolve(null))
  })
}
