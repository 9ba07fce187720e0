import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MediaService } from '../services/media-service'
import { MAX_CALLS_IN_FLIGHT, MAX_MESSAGE_BYTES } from './bridge-socket'
import { startBrowserServer, type BrowserServer } from './browser-server'
import { createDispatcher } from './dispatcher'
import { EventHub } from './event-hub'
import type { HandlerTable } from './handler-table'
import { closeOf, frame, nextReply, openRawSocket, openSocket, rawCloseOf, signIn } from './test-clients'

const rendererDir = mkdtempSync(join(tmpdir(), 'studio-socket-'))
afterAll(() => rmSync(rendererDir, { recursive: true, force: true }))

let releaseSlowCalls = () => {}
const slowCall = new Promise<void>((resolve) => (releaseSlowCalls = resolve))
const report = { backend: 'cpu' as const, device: 'test cpu', unavailable: [], versions: {} }
const handlers = {
  'device.report': () => report,
  'runs.list': () => slowCall.then(() => []),
} as unknown as HandlerTable

let server: BrowserServer
let cookie: string
const logged: string[] = []
beforeAll(async () => {
  server = await startBrowserServer({
    host: '127.0.0.1',
    port: 0,
    rendererDir,
    dispatch: createDispatcher(handlers),
    hub: new EventHub(),
    media: new MediaService(),
    log: (line) => logged.push(line),
  })
  cookie = await signIn(server)
})
afterAll(() => server.close())

/** The server still answers a well-formed call from a new client. */
async function stillAnswers() {
  const ws = await openSocket(server, cookie)
  const reply = nextReply(ws)
  ws.send(JSON.stringify({ type: 'call', id: 7, channel: 'device.report', args: {} }))
  expect(await reply).toEqual({ type: 'reply', id: 7, ok: true, value: report })
  ws.close()
}

async function closedAfter(send: (ws: Awaited<ReturnType<typeof openSocket>>) => void) {
  const ws = await openSocket(server, cookie)
  const closed = closeOf(ws)
  send(ws)
  return closed
}

describe('the bridge socket, sent what no studio page sends', () => {
  it.each([
    ['null', 'null'],
    ['an array', '[{"type":"call","id":1}]'],
    ['a number', '42'],
    ['a string', '"call"'],
    ['an object without an id', '{"type":"call","channel":"device.report"}'],
    ['an id that is not an integer', '{"type":"call","id":1.5,"channel":"device.report"}'],
    ['an id beyond the safe integers', '{"type":"call","id":1e400,"channel":"device.report"}'],
  ])('closes the socket with 1008 and a reason for %s', async (_what, text) => {
    expect(await closedAfter((ws) => ws.send(text))).toEqual({
      code: 1008,
      reason: expect.stringContaining('"type":"call"'),
    })
    await stillAnswers()
  })

  it.each([
    ['text that is not JSON', '{"type":"call",'],
    ['an empty message', ''],
  ])('closes the socket with 1003 for %s', async (_what, text) => {
    expect(await closedAfter((ws) => ws.send(text))).toEqual({ code: 1003, reason: 'Messages must be JSON' })
    await stillAnswers()
  })

  it('closes the socket with 1003 for a binary frame', async () => {
    expect(await closedAfter((ws) => ws.send(Buffer.from('{"type":"call","id":1}'), { binary: true }))).toEqual({
      code: 1003,
      reason: 'Messages must be JSON text, not binary',
    })
    await stillAnswers()
  })

  it('closes the socket with 1007 and a reason for a text frame that is not UTF-8', async () => {
    expect(await closedAfter((ws) => ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }))).toEqual({
      code: 1007,
      reason: 'Text messages must be valid UTF-8',
    })
    await stillAnswers()
  })

  it('closes the socket with 1009 and a reason for a message over the limit, whole or in fragments', async () => {
    const expected = { code: 1009, reason: `Messages are limited to ${MAX_MESSAGE_BYTES} bytes` }
    expect(await closedAfter((ws) => ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1)))).toEqual(expected)
    expect(
      await closedAfter((ws) => {
        ws.send('x'.repeat(MAX_MESSAGE_BYTES / 2), { fin: false })
        ws.send('x'.repeat(MAX_MESSAGE_BYTES / 2 + 1), { fin: true })
      }),
    ).toEqual(expected)
    // a frame announcing 10 GB is refused from its header alone
    const raw = await openRawSocket(server, cookie)
    const closed = rawCloseOf(raw)
    raw.write(frame(0x1, Buffer.from('{"type"'), { declaredLength: 10_000_000_000 }))
    expect(await closed).toEqual(expected)
    raw.destroy()
    await stillAnswers()
  })

  it('closes the socket with 1002 for frames that break the protocol, and lets truncated ones go', async () => {
    const unmasked = await openRawSocket(server, cookie)
    const closed = rawCloseOf(unmasked)
    unmasked.write(Buffer.from([0x81, 0x02, 0x7b, 0x7d]))
    expect(await closed).toEqual({ code: 1002, reason: 'Malformed WebSocket frame' })
    unmasked.destroy()

    const badOpcode = await openRawSocket(server, cookie)
    const refused = rawCloseOf(badOpcode)
    badOpcode.write(frame(0x3, Buffer.from('{}')))
    expect(await refused).toEqual({ code: 1002, reason: 'Malformed WebSocket frame' })
    badOpcode.destroy()

    const truncated = await openRawSocket(server, cookie)
    truncated.end(frame(0x1, Buffer.from('{"type":"call","id":1}')).subarray(0, 12))
    await new Promise((resolve) => truncated.once('close', resolve))
    await stillAnswers()
  })

  it('answers a message with an id but the wrong type, an unknown channel, or bad arguments with an error reply', async () => {
    const ws = await openSocket(server, cookie)
    const ask = async (message: object | string) => {
      const reply = nextReply(ws)
      ws.send(typeof message === 'string' ? message : JSON.stringify(message))
      return reply
    }
    expect(await ask({ type: 'event', id: 1 })).toMatchObject({
      id: 1,
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('"call"') },
    })
    expect(await ask({ type: 'call', id: 2, channel: { toString: 1 } })).toMatchObject({
      id: 2,
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    })
    expect(await ask({ type: 'call', id: 3, channel: '__proto__' })).toMatchObject({
      id: 3,
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    })
    expect(await ask({ type: 'call', id: 4, channel: 'device.report', args: [1, 2] })).toMatchObject({
      id: 4,
      ok: false,
      error: { code: 'VALIDATION' },
    })
    expect(
      await ask('{"type":"call","id":5,"channel":"device.report","args":{"__proto__":{"polluted":1}}}'),
    ).toMatchObject({
      id: 5,
      ok: false,
      error: { code: 'VALIDATION' },
    })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const deep = `{"type":"call","id":6,"channel":"device.report","args":${'['.repeat(200_000)}${']'.repeat(200_000)}}`
    expect(await ask(deep)).toMatchObject({ id: 6, ok: false, error: { code: 'VALIDATION' } })
    ws.close()
  })

  it(`answers calls beyond ${MAX_CALLS_IN_FLIGHT} running at once on one connection with UNAVAILABLE`, async () => {
    const ws = await openSocket(server, cookie)
    const replies: { id: number; ok: boolean; error?: { code: string } }[] = []
    ws.on('message', (data) => replies.push(JSON.parse(String(data))))
    for (let id = 1; id <= MAX_CALLS_IN_FLIGHT + 1; id++)
      ws.send(JSON.stringify({ type: 'call', id, channel: 'runs.list', args: {} }))
    await expect.poll(() => replies.length).toBe(1)
    expect(replies[0]).toMatchObject({ id: MAX_CALLS_IN_FLIGHT + 1, ok: false, error: { code: 'UNAVAILABLE' } })
    releaseSlowCalls()
    await expect.poll(() => replies.length).toBe(MAX_CALLS_IN_FLIGHT + 1)
    expect(replies.slice(1).every((reply) => reply.ok)).toBe(true)
    ws.close()
  })

  it('answers an HTTP request whose URL cannot be parsed with 400, and goes on', async () => {
    const { port } = new URL(server.origin)
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: 'http://[bad', headers: { cookie } }, (res) =>
        resolve(res.statusCode ?? 0),
      )
        .on('error', reject)
        .end()
    })
    expect(status).toBe(400)
    await stillAnswers()
    expect(logged).toEqual([])
  })
})
