/**
 * Malformed, oversized, truncated and random WebSocket frames for the browser bridge, from a seeded generator
 * (the same seed gives the same frames, so a failure can be replayed): the fuzz test and bench/reliability.ts
 * send them over real sockets to a real server.
 */
import type WebSocket from 'ws'
import { MAX_MESSAGE_BYTES } from './bridge-socket'
import type { BrowserServer } from './browser-server'
import { closeOf, frame, openRawSocket, openSocket } from './test-clients'

/** Where the frames go: a signed-in server, and a run whose id the well-formed calls ask about. */
export interface FuzzTarget {
  server: Pick<BrowserServer, 'origin'>
  cookie: string
  runId: number
}

const MESSAGES_PER_CONNECTION = 40

export class Tally {
  frames = 0
  connections = 0
  kinds: Record<string, number> = {}
  closes: Record<string, number> = {}
  count(kind: string, frames = 1) {
    this.frames += frames
    this.kinds[kind] = (this.kinds[kind] ?? 0) + frames
  }
  closed(code: number) {
    this.closes[code] = (this.closes[code] ?? 0) + 1
  }
}

/** One connection: a burst of malformed messages, then one that the server closes the socket for. */
export async function fuzzConnection(target: FuzzTarget, random: Random, tally: Tally): Promise<void> {
  tally.connections++
  if (random() < 0.2) return rawConnection(target, random, tally)
  const ws = await openSocket(target.server, target.cookie)
  const closed = closeOf(ws)
  const count = 1 + Math.floor(random() * MESSAGES_PER_CONNECTION)
  for (let i = 0; i < count; i++) {
    ws.send(answeredMessage(random, i, target.runId))
    tally.count('answered')
  }
  const [kind, send] = pick(random, closingMessages)
  send(ws, random)
  tally.count(kind)
  const { code } = await closed
  tally.closed(code)
}

/** Messages the server answers with an error (or, for a read-only call that happens to be valid, a value). */
function answeredMessage(random: Random, id: number, runId: number): string {
  const channel = pick(random, [
    'runs.get',
    'runs.list',
    'runs.history',
    'datasets.images',
    'device.report',
    'no.such',
    '',
    '__proto__',
    'constructor',
  ])
  switch (Math.floor(random() * 5)) {
    case 0:
      return JSON.stringify({ type: pick(random, ['event', 'reply', 'CALL', null, 1]), id })
    case 1:
      return JSON.stringify({ type: 'call', id, channel, args: randomJson(random, 4) })
    case 2:
      return JSON.stringify({
        type: 'call',
        id,
        channel: 'runs.get',
        args: { runId: pick(random, [-1, 0, 2 ** 53, 1.5, '1', null, [runId]]) },
      })
    case 3:
      return `{"type":"call","id":${id},"channel":"runs.history","args":{"runId":${runId},"fromStep":1e400,"toStep":-1e400,"maxPoints":${'['.repeat(2000)}${']'.repeat(2000)}}}`
    default:
      return `{"type":"call","id":${id},"channel":${JSON.stringify(channel)},"args":{"__proto__":{"runId":1},"constructor":{"prototype":{"x":1}}}}`
  }
}

type Send = (ws: WebSocket, random: Random) => void
const closingMessages: [string, Send][] = [
  ['null', (ws) => ws.send('null')],
  ['array', (ws) => ws.send('[{"type":"call","id":1,"channel":"runs.list"}]')],
  ['scalar', (ws, random) => ws.send(pick(random, ['42', '"call"', 'true', '-0', '1e400']))],
  ['no id', (ws) => ws.send('{"type":"call","channel":"runs.list","args":{}}')],
  [
    'truncated JSON',
    (ws, random) =>
      ws.send('{"type":"call","id":1,"channel":"runs.list","args":{}}'.slice(0, 1 + Math.floor(random() * 40))),
  ],
  ['random text', (ws, random) => ws.send(randomText(random, 1 + Math.floor(random() * 2000)))],
  ['binary', (ws, random) => ws.send(randomBytes(random, 1 + Math.floor(random() * 2000)), { binary: true })],
  [
    'invalid UTF-8',
    (ws, random) =>
      ws.send(Buffer.concat([Buffer.from('{"type":"'), invalidUtf8(random), Buffer.from('"}')]), { binary: false }),
  ],
  [
    'oversized',
    (ws, random) =>
      random() < 0.1
        ? ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1))
        : ws.send('['.repeat(200) + ' '.repeat(MAX_MESSAGE_BYTES)),
  ],
]

/** Random frames written straight onto the TCP connection: bad opcodes, unmasked, lying lengths, cut short. */
async function rawConnection(target: FuzzTarget, random: Random, tally: Tally): Promise<void> {
  const socket = await openRawSocket(target.server, target.cookie)
  const closed = new Promise((resolve) => socket.once('close', resolve))
  const count = 1 + Math.floor(random() * MESSAGES_PER_CONNECTION)
  for (let i = 0; i < count && !socket.destroyed; i++) {
    const payload = randomBytes(random, Math.floor(random() * 300))
    const roll = random()
    let bytes: Buffer
    if (roll < 0.3)
      bytes = payload // garbage where a frame header belongs
    else if (roll < 0.5) bytes = frame(Math.floor(random() * 16), payload, { fin: random() < 0.8 })
    else if (roll < 0.7)
      bytes = frame(0x1, payload, {
        declaredLength: pick(random, [payload.length + 1, 70_000, MAX_MESSAGE_BYTES + 1, 2 ** 40]),
      })
    else if (roll < 0.85)
      bytes = frame(0x1, Buffer.from(JSON.stringify({ type: 'call', id: i, channel: 'runs.list', args: {} }))).subarray(
        0,
        2 + Math.floor(random() * 20),
      )
    else bytes = frame(0x9, payload.subarray(0, 125)) // ping
    socket.write(bytes)
    tally.count('raw')
  }
  socket.destroy()
  await closed
}

export type Random = () => number

/** A small seeded generator (mulberry32): the same seed gives the same frames. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!
}

function randomBytes(random: Random, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)))
}

function randomText(random: Random, length: number): string {
  return Array.from({ length }, () =>
    String.fromCodePoint(pick(random, [0x20 + Math.floor(random() * 95), Math.floor(random() * 0xd7ff), 0x1f600])),
  ).join('')
}

function invalidUtf8(random: Random): Buffer {
  return Buffer.from(
    pick(random, [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]]),
  )
}

function randomJson(random: Random, depth: number): unknown {
  const roll = random()
  if (depth === 0 || roll < 0.3) return pick(random, [null, true, 0, -1, 1e308, 'runs', '', randomText(random, 8)])
  if (roll < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth - 1))
  const object: Record<string, unknown> = {}
  for (let i = Math.floor(random() * 4); i > 0; i--)
    object[pick(random, ['runId', 'datasetId', 'offset', 'limit', 'x', 'toString', randomText(random, 4)])] =
      randomJson(random, depth - 1)
  return object
}
