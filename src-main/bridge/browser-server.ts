import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { isRequestChannel } from '../../src-shared/contract/channels'
import { BRIDGE_PATH, MEDIA_PATH, type ServerMessage } from '../../src-shared/contract/wire'
import { AccessPolicy, isLoopbackHost, newAccessToken, TOKEN_COOKIE } from './access'
import type { Dispatch } from './dispatcher'
import type { EventHub } from './event-hub'
import { resolveStaticFile, sendFile } from './static-files'

export interface BrowserServerOptions {
  host: string
  port: number
  rendererDir: string
  dispatch: Dispatch
  hub: EventHub
  /** media ids to files (the services' MediaService): the bridge sits below the services and names none */
  media: { resolve(mediaId: string): { path: string; contentType: string } | undefined }
}

export interface BrowserServer {
  url: string
  /** The access token, required when bound to a non-loopback address; null on loopback. */
  token: string | null
  close(): Promise<void>
}

const MAX_MESSAGE_BYTES = 1 << 20
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
}

/** Browser mode: the renderer, its media, and the contract over one WebSocket, on one port. */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const access = new AccessPolicy(isLoopbackHost(options.host) ? null : newAccessToken())
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value)
    handleHttp(request, response, access, options)
  })

  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://studio.invalid').pathname
    const allowed =
      path === BRIDGE_PATH && access.hostAllowed(request) && access.originAllowed(request) && access.presentedToken(request)
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, options.dispatch))
  })

  const unsubscribe = options.hub.subscribe((channel, payload) => {
    const message = JSON.stringify({ type: 'event', channel, payload } satisfies ServerMessage)
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(message)
  })

  await listen(server, options.port, options.host)
  const { port } = server.address() as AddressInfo
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host
  const base = `http://${shownHost}:${port}/`
  return {
    url: access.token ? `${base}?token=${access.token}` : base,
    token: access.token,
    close: async () => {
      unsubscribe()
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function handleHttp(request: IncomingMessage, response: ServerResponse, access: AccessPolicy, options: BrowserServerOptions) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'Method not allowed')
  if (!access.hostAllowed(request)) return plain(response, 403, 'Forbidden: unexpected Host header')
  const presented = access.presentedToken(request)
  if (!presented) return plain(response, 401, 'This studio needs its access token: open the URL that `dcgan-studio serve` printed.')

  const url = new URL(request.url ?? '/', 'http://studio.invalid')
  if (presented === 'query') {
    response.setHeader('set-cookie', `${TOKEN_COOKIE}=${access.token}; HttpOnly; SameSite=Strict; Path=/`)
    response.writeHead(303, { location: url.pathname })
    return response.end()
  }
  if (url.pathname.startsWith(MEDIA_PATH)) {
    const media = options.media.resolve(url.pathname.slice(MEDIA_PATH.length))
    return media ? sendFile(response, media.path, media.contentType) : plain(response, 404, 'Not found')
  }
  const file = resolveStaticFile(options.rendererDir, url.pathname)
  return file ? sendFile(response, file) : plain(response, 404, 'Not found')
}

function serveSocket(ws: WebSocket, dispatch: Dispatch) {
  ws.on('message', async (data) => {
    let message: { type?: unknown; id?: unknown; channel?: unknown; args?: unknown }
    try {
      message = JSON.parse(String(data))
    } catch {
      return ws.close(1003, 'Messages must be JSON')
    }
    if (message.type !== 'call' || typeof message.id !== 'number') return ws.close(1003, 'Unexpected message')
    const reply = await dispatch(isRequestChannel(message.channel) ? message.channel : String(message.channel), message.args, {
      transport: 'browser',
    })
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'reply', id: message.id, ...reply } as ServerMessage))
  })
}

function plain(response: ServerResponse, status: number, text: string) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
  response.end(text)
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`Port ${port} on ${host} is already in use: pick another with --port.`))
      else if (error.code === 'EADDRNOTAVAIL') reject(new Error(`Cannot bind to ${host}: no such address on this machine.`))
      else reject(error)
    })
    server.listen(port, host, () => resolve())
  })
}
