import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { BRIDGE_PATH, DOWNLOAD_PATH, MEDIA_PATH } from '../../src-shared/contract/wire'
import { AccessPolicy, isLoopbackHost, newAccessToken, TOKEN_COOKIE } from './access'
import { MAX_MESSAGE_BYTES, send, serveSocket } from './bridge-socket'
import type { Dispatch } from './dispatcher'
import { sendDownload, type Download } from './downloads'
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
  /** finished exports by export id (the ExportService), so a browser on another machine can take them home */
  downloads?: { resolve(exportId: string): Download | undefined }
  /** Where problems that are not a client's doing are written (default: stderr). */
  log?: (message: string) => void
}

export interface BrowserServer {
  /** The link to open: the server's address with its access token, which the server trades for a cookie. */
  url: string
  /** The server's address without the token. */
  origin: string
  /** The access token every client needs, on loopback too (other accounts on this machine reach loopback). */
  token: string
  close(): Promise<void>
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
}

/** Browser mode: the renderer, its media, and the contract over one WebSocket, on one port. */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const log = options.log ?? console.error
  const access = new AccessPolicy(newAccessToken(), isLoopbackHost(options.host))
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value)
    try {
      handleHttp(request, response, access, options)
    } catch (error) {
      log(
        `[server] ${request.method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      )
      if (!response.headersSent)
        plain(response, 500, 'Something went wrong on the studio side; details are in its log.')
      else response.destroy()
    }
  })

  server.on('upgrade', (request, socket, head) => {
    // Node hands the socket over without its own error listener: a client resetting it must not stop the server
    socket.on('error', () => socket.destroy())
    const allowed =
      pathOf(request) === BRIDGE_PATH &&
      access.hostAllowed(request) &&
      access.originAllowed(request) &&
      access.presentedToken(request)
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, options.dispatch, log))
  })

  const unsubscribe = options.hub.subscribe((channel, payload) => {
    for (const client of sockets.clients) send(client, { type: 'event', channel, payload })
  })

  await listen(server, options.port, options.host)
  const { port } = server.address() as AddressInfo
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host
  const origin = `http://${shownHost}:${port}/`
  return {
    url: `${origin}?token=${access.token}`,
    origin,
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

function handleHttp(
  request: IncomingMessage,
  response: ServerResponse,
  access: AccessPolicy,
  options: BrowserServerOptions,
) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'Method not allowed')
  if (!access.hostAllowed(request)) return plain(response, 403, 'Forbidden: unexpected Host header')
  const path = pathOf(request)
  if (path === null) return plain(response, 400, 'Bad request: the URL cannot be read.')
  const presented = access.presentedToken(request)
  if (!presented)
    return plain(response, 401, 'This studio needs its access token: open the link that `dcgan-studio serve` printed.')

  if (presented === 'query') {
    response.setHeader('set-cookie', `${TOKEN_COOKIE}=${access.token}; HttpOnly; SameSite=Strict; Path=/`)
    // one leading slash: `//host` would send the browser to another site
    response.writeHead(303, { location: `/${path.replace(/^\/+/, '')}` })
    return response.end()
  }
  if (path.startsWith(MEDIA_PATH)) {
    const media = options.media.resolve(path.slice(MEDIA_PATH.length))
    return media ? sendFile(response, media.path, media.contentType) : plain(response, 404, 'Not found')
  }
  if (path.startsWith(DOWNLOAD_PATH)) {
    const download = options.downloads?.resolve(path.slice(DOWNLOAD_PATH.length))
    if (!download)
      return plain(
        response,
        404,
        'That export is not here: it was made before the studio restarted, or was moved or deleted.',
      )
    sendDownload(response, download).catch(() => {
      if (!response.headersSent) plain(response, 404, 'That export could not be read: it was moved or deleted.')
      else response.destroy()
    })
    return
  }
  const file = resolveStaticFile(options.rendererDir, path)
  return file ? sendFile(response, file) : plain(response, 404, 'Not found')
}

/** The request's path, or null when its URL cannot be parsed. */
function pathOf(request: IncomingMessage): string | null {
  try {
    return new URL(request.url ?? '/', 'http://studio.invalid').pathname
  } catch {
    return null
  }
}

function plain(response: ServerResponse, status: number, text: string) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
  response.end(text)
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(new Error(`Port ${port} on ${host} is already in use: pick another with --port.`))
      else if (error.code === 'EADDRNOTAVAIL')
        reject(new Error(`Cannot bind to ${host}: no such address on this machine.`))
      else reject(error)
    })
    server.listen(port, host, () => resolve())
  })
}
