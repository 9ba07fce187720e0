import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { MediaService } from '../services/media-service'
import { startBrowserServer, type BrowserServer } from './browser-server'
import { createDispatcher } from './dispatcher'
import { EventHub } from './event-hub'
import type { HandlerTable } from './handler-table'

const dir = mkdtempSync(join(tmpdir(), 'studio-server-'))
const rendererDir = join(dir, 'renderer')
mkdirSync(rendererDir)
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>studio</title>')
writeFileSync(join(dir, 'thumb.png'), 'png-bytes')
writeFileSync(join(dir, 'loop.gif'), 'gif-bytes')
mkdirSync(join(dir, 'faces «1»', 'nested'), { recursive: true })
writeFileSync(join(dir, 'faces «1»', 'manifest.json'), '{"images":[]}')
writeFileSync(join(dir, 'faces «1»', 'sample-0001.png'), 'png-1')
writeFileSync(join(dir, 'faces «1»', 'nested', 'model.json'), '{}')
const downloads = {
  resolve: (id: string) =>
    ({
      'gif-export': { path: join(dir, 'loop.gif'), name: 'loop.gif', kind: 'file' as const },
      'folder-export': { path: join(dir, 'faces «1»'), name: 'faces «1»', kind: 'folder' as const },
      'gone-export': { path: join(dir, 'gone'), name: 'gone', kind: 'folder' as const },
    })[id],
}
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const report = { backend: 'cpu' as const, device: 'test cpu', unavailable: [], versions: {} }
const handlers = {
  'app.info': () => ({ name: 'DCGAN Studio', version: '0', mode: 'browser', platform: 'linux', schemaVersion: 1 }),
  'device.report': () => report,
} as unknown as HandlerTable

function start(host: string, hub = new EventHub()) {
  const media = new MediaService()
  media.register('thumb', (id) => (id === 1 ? { path: join(dir, 'thumb.png'), contentType: 'image/png' } : undefined))
  return startBrowserServer({ host, port: 0, rendererDir, dispatch: createDispatcher(handlers), hub, media, downloads })
}

function call(url: string, message: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => ws.send(JSON.stringify(message)))
    ws.on('message', (data) => {
      resolve(JSON.parse(String(data)))
      ws.close()
    })
    ws.on('error', reject)
  })
}

/** Opens the server's printed link as a browser would: the token is traded for a cookie, then the clean URL. */
async function signIn(server: BrowserServer): Promise<string> {
  const first = await fetch(server.url, { redirect: 'manual' })
  expect(first.status).toBe(303)
  expect(first.headers.get('location')).toBe('/')
  return first.headers.get('set-cookie')!.split(';')[0]!
}

describe('browser server on loopback', () => {
  let server: BrowserServer
  let hub: EventHub
  let cookie: string
  let bridge: string
  beforeAll(async () => {
    hub = new EventHub()
    server = await start('127.0.0.1', hub)
    cookie = await signIn(server)
    bridge = server.origin.replace('http', 'ws') + 'bridge'
  })
  afterAll(() => server.close())

  it('requires its token on loopback too: the printed link sets an HttpOnly SameSite=Strict cookie and redirects to the clean URL', async () => {
    expect(server.token).toMatch(/^[\w-]{32}$/)
    expect(server.url).toBe(`${server.origin}?token=${server.token}`)
    expect((await fetch(server.origin)).status).toBe(401)
    expect((await fetch(server.origin + 'media/thumb-1')).status).toBe(401)
    await expect(call(bridge, { type: 'call', id: 1, channel: 'app.info', args: {} })).rejects.toThrow(/403/)
    await expect(call(`${bridge}?token=wrong`, {})).rejects.toThrow(/403/)

    const first = await fetch(server.url, { redirect: 'manual' })
    expect(first.headers.get('set-cookie')).toBe(`studio_token=${server.token}; HttpOnly; SameSite=Strict; Path=/`)
    const response = await fetch(server.origin, { headers: { cookie } })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain('<title>studio</title>')
  })

  it('redirects a tokened link only to a path of its own', async () => {
    const port = new URL(server.url).port
    const location = await new Promise<string | undefined>((resolve) => {
      import('node:http').then(({ get }) =>
        get({ host: '127.0.0.1', port, path: `/.//evil.example/?token=${server.token}` }, (res) =>
          resolve(res.headers.location),
        ),
      )
    })
    expect(location).toBe('/evil.example/')
  })

  it('answers contract calls over the WebSocket, and VALIDATION for bad arguments', async () => {
    expect(await call(bridge, { type: 'call', id: 1, channel: 'device.report', args: {} }, { cookie })).toEqual({
      type: 'reply',
      id: 1,
      ok: true,
      value: report,
    })
    expect(
      await call(bridge, { type: 'call', id: 2, channel: 'device.report', args: { path: '/etc' } }, { cookie }),
    ).toMatchObject({
      id: 2,
      ok: false,
      error: { code: 'VALIDATION' },
    })
  })

  it('pushes hub events to connected clients', async () => {
    const ws = new WebSocket(bridge, { headers: { cookie } })
    await new Promise((resolve) => ws.on('open', resolve))
    const received = new Promise((resolve) => ws.on('message', (data) => resolve(JSON.parse(String(data)))))
    hub.emit('device.changed', report)
    expect(await received).toEqual({ type: 'event', channel: 'device.changed', payload: report })
    ws.close()
  })

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin on the socket', async () => {
    const port = new URL(server.url).port
    const response = await new Promise<number>((resolve) => {
      import('node:http').then(({ get }) =>
        get({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}`, cookie } }, (res) =>
          resolve(res.statusCode ?? 0),
        ),
      )
    })
    expect(response).toBe(403)
    await expect(call(bridge, {}, { origin: 'http://evil.example', cookie })).rejects.toThrow(/403/)
  })

  it('serves media by opaque id only', async () => {
    const get = (path: string) => fetch(server.origin + path, { headers: { cookie } })
    expect((await get('media/thumb-1')).status).toBe(200)
    for (const path of [
      'media/thumb-2',
      'media/..%2fthumb.png',
      'media/%2e%2e/thumb.png',
      'media/thumb-1%2f..',
      '../thumb.png',
    ]) {
      expect((await get(path)).status, path).toBe(404)
    }
  })

  it('hands a finished export back with the token cookie: a file as it is, a folder as a zip of every file in it', async () => {
    expect((await fetch(server.origin + 'download/gif-export')).status).toBe(401)
    const get = (path: string) => fetch(server.origin + path, { headers: { cookie } })
    const gif = await get('download/gif-export')
    expect(gif.status).toBe(200)
    expect(gif.headers.get('content-disposition')).toBe(`attachment; filename="loop.gif"; filename*=UTF-8''loop.gif`)
    expect(await gif.text()).toBe('gif-bytes')

    const folder = await get('download/folder-export')
    expect(folder.status).toBe(200)
    expect(folder.headers.get('content-type')).toBe('application/zip')
    expect(folder.headers.get('content-disposition')).toBe(
      `attachment; filename="faces _1_.zip"; filename*=UTF-8''faces%20%C2%AB1%C2%BB.zip`,
    )
    const entries = unzipSync(new Uint8Array(await folder.arrayBuffer()))
    expect(
      Object.fromEntries(Object.entries(entries).map(([name, data]) => [name, new TextDecoder().decode(data)])),
    ).toEqual({
      'manifest.json': '{"images":[]}',
      'nested/model.json': '{}',
      'sample-0001.png': 'png-1',
    })

    const gone = await get('download/gone-export')
    expect(gone.status).toBe(404)
    expect(await gone.text()).toMatch(/moved or deleted/)
    expect((await get('download/unknown')).status).toBe(404)
  })
})

describe('browser server beyond loopback', () => {
  let server: BrowserServer
  beforeAll(async () => {
    server = await start('0.0.0.0')
  })
  afterAll(() => server.close())

  it('requires the access token for pages, media and the bridge', async () => {
    const base = `http://127.0.0.1:${new URL(server.url).port}/`
    expect((await fetch(base)).status).toBe(401)
    expect((await fetch(base + 'media/thumb-1')).status).toBe(401)
    await expect(call(base.replace('http', 'ws') + 'bridge', {})).rejects.toThrow(/403/)
    await expect(call(base.replace('http', 'ws') + 'bridge?token=wrong', {})).rejects.toThrow(/403/)
  })

  it('trades the token in the URL for a cookie, which then opens the UI and the bridge', async () => {
    const base = `http://127.0.0.1:${new URL(server.url).port}/`
    const first = await fetch(`${base}?token=${server.token}`, { redirect: 'manual' })
    expect(first.status).toBe(303)
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!
    expect(cookie).toBe(`studio_token=${server.token}`)
    expect((await fetch(base, { headers: { cookie } })).status).toBe(200)
    const reply = await call(
      base.replace('http', 'ws') + 'bridge',
      { type: 'call', id: 9, channel: 'app.info', args: {} },
      { cookie },
    )
    expect(reply).toMatchObject({ id: 9, ok: true })
  })
})
