/**
 * Fuzzing the browser bridge while a run trains: several clients send malformed, oversized, truncated and
 * random frames to the real server over real sockets; the server must keep answering, the run keep
 * training, and the main process's memory come back to its level. The frames come from a seeded generator,
 * so a failure can be replayed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type WebSocket from 'ws'
import { writeDemoFaces } from '../services/datasets/demo-faces'
import { Studio } from '../services/studio'
import { MAX_MESSAGE_BYTES } from './bridge-socket'
import { startBrowserServer, type BrowserServer } from './browser-server'
import { createDispatcher } from './dispatcher'
import { closeOf, frame, nextReply, openRawSocket, openSocket, signIn } from './test-clients'

const MIN_FRAMES = 10_000
const FUZZ_CLIENTS = 4
const MESSAGES_PER_CONNECTION = 40

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

let root: string
let studio: Studio
let server: BrowserServer
let cookie: string
let runId: number
const serverLog: string[] = []

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'studio-fuzz-'))
  studio = new Studio({
    dataDir: join(root, 'data'),
    mode: 'browser',
    probeBackends: async () => ({ backend: 'cpu', device: 'test', unavailable: [], versions: {} }),
  })
  await writeDemoFaces(join(root, 'faces'), { count: 32, seed: 3 })
  const { datasetId } = await studio.datasets.runImport({ sourcePath: join(root, 'faces'), sourceLabel: 'faces', name: 'Faces', sizes: [32] })
  server = await startBrowserServer({
    host: '127.0.0.1',
    port: 0,
    rendererDir: root,
    dispatch: createDispatcher(studio.handlers(), (line) => serverLog.push(line)),
    hub: studio.hub,
    media: studio.media,
    log: (line) => serverLog.push(line),
  })
  cookie = await signIn(server)
  runId = studio.runs.create({ datasetId: datasetId!, preset: 'quick', epochs: 10_000, seed: 1, hyperparameters: { batchSize: 4 } }).id
  await until(() => studio.runs.get(runId).step > 0, 120_000)
}, 180_000)

afterAll(async () => {
  if (studio && runId !== undefined && studio.runs.get(runId).status === 'running') {
    studio.runs.stop(runId)
    await studio.runs.whenDone(runId)
  }
  await server?.close()
  studio?.close()
  rmSync(root, { recursive: true, force: true })
})

it(
  `survives ${MIN_FRAMES}+ malformed, oversized, truncated and random frames from ${FUZZ_CLIENTS} clients while a run trains`,
  async () => {
    // warm up what the first connections initialise once, then take the level memory must return to
    for (let i = 0; i < 5; i++) await fuzzConnection(mulberry32(i), new Tally())
    const heapBefore = heapAfterGc()
    const stepBefore = studio.runs.get(runId).step

    const tally = new Tally()
    const started = performance.now()
    const cpuBefore = process.cpuUsage()
    const observer = observe()
    await Promise.all(
      Array.from({ length: FUZZ_CLIENTS }, async (_, client) => {
        const random = mulberry32(1000 + client)
        while (tally.frames < MIN_FRAMES) await fuzzConnection(random, tally)
      }),
    )
    const answered = await observer.stop()
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    const stepAfterFuzz = studio.runs.get(runId).step

    // the server still answers a new client, and the run goes on training
    const ws = await openSocket(server, cookie)
    const reply = nextReply(ws)
    ws.send(JSON.stringify({ type: 'call', id: 1, channel: 'runs.get', args: { runId } }))
    expect(await reply).toMatchObject({ id: 1, ok: true, value: { id: runId, status: 'running' } })
    ws.close()
    await until(() => studio.runs.get(runId).step > stepAfterFuzz, 60_000)
    const heapAfter = heapAfterGc()

    console.info(
      `[fuzz] ${tally.frames} frames in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s of this process's CPU, server and clients) on ${tally.connections} connections (${JSON.stringify(tally.kinds)}); ` +
        `closes ${JSON.stringify(tally.closes)}; ${answered} observer calls answered; ` +
        `steps ${stepBefore} → ${stepAfterFuzz}; heap ${mb(heapBefore)} → ${mb(heapAfter)} MB after GC`,
    )
    expect(tally.frames).toBeGreaterThanOrEqual(MIN_FRAMES)
    expect(answered).toBeGreaterThan(0)
    expect(stepAfterFuzz).toBeGreaterThan(stepBefore)
    expect(studio.runs.get(runId).status).toBe('running')
    // every close the server chose carries a standard code for what was wrong (1006: the client hung up first)
    expect(Object.keys(tally.closes).every((code) => ['1002', '1003', '1006', '1007', '1008', '1009'].includes(code))).toBe(true)
    expect(heapAfter - heapBefore).toBeLessThan(16 * 1024 * 1024)
    expect(serverLog).toEqual([])
  },
  240_000,
)

class Tally {
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

/** A well-behaved client asking for the run every 100 ms; every call must be answered. */
function observe() {
  let answered = 0
  let stopped = false
  const done = (async () => {
    const ws = await openSocket(server, cookie)
    for (let id = 1; !stopped; id++) {
      const reply = nextReply(ws)
      ws.send(JSON.stringify({ type: 'call', id, channel: 'runs.get', args: { runId } }))
      expect(await reply).toMatchObject({ id, ok: true, value: { id: runId } })
      answered++
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    ws.close()
  })()
  return {
    stop: async () => {
      stopped = true
      await done
      return answered
    },
  }
}

/** One connection: a burst of malformed messages, then one that the server closes the socket for. */
async function fuzzConnection(random: Random, tally: Tally): Promise<void> {
  tally.connections++
  if (random() < 0.2) return rawConnection(random, tally)
  const ws = await openSocket(server, cookie)
  const closed = closeOf(ws)
  const count = 1 + Math.floor(random() * MESSAGES_PER_CONNECTION)
  for (let i = 0; i < count; i++) {
    ws.send(answeredMessage(random, i))
    tally.count('answered')
  }
  const [kind, send] = pick(random, closingMessages)
  send(ws, random)
  tally.count(kind)
  const { code } = await closed
  tally.closed(code)
}

/** Messages the server answers with an error (or, for a read-only call that happens to be valid, a value). */
function answeredMessage(random: Random, id: number): string {
  const channel = pick(random, ['runs.get', 'runs.list', 'runs.history', 'datasets.images', 'device.report', 'no.such', '', '__proto__', 'constructor'])
  switch (Math.floor(random() * 5)) {
    case 0:
      return JSON.stringify({ type: pick(random, ['event', 'reply', 'CALL', null, 1]), id })
    case 1:
      return JSON.stringify({ type: 'call', id, channel, args: randomJson(random, 4) })
    case 2:
      return JSON.stringify({ type: 'call', id, channel: 'runs.get', args: { runId: pick(random, [-1, 0, 2 ** 53, 1.5, '1', null, [runId]]) } })
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
  ['truncated JSON', (ws, random) => ws.send('{"type":"call","id":1,"channel":"runs.list","args":{}}'.slice(0, 1 + Math.floor(random() * 40)))],
  ['random text', (ws, random) => ws.send(randomText(random, 1 + Math.floor(random() * 2000)))],
  ['binary', (ws, random) => ws.send(randomBytes(random, 1 + Math.floor(random() * 2000)), { binary: true })],
  ['invalid UTF-8', (ws, random) => ws.send(Buffer.concat([Buffer.from('{"type":"'), invalidUtf8(random), Buffer.from('"}')]), { binary: false })],
  ['oversized', (ws, random) => (random() < 0.1 ? ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1)) : ws.send('['.repeat(200) + ' '.repeat(MAX_MESSAGE_BYTES)))],
]

/** Random frames written straight onto the TCP connection: bad opcodes, unmasked, lying lengths, cut short. */
async function rawConnection(random: Random, tally: Tally): Promise<void> {
  const socket = await openRawSocket(server, cookie)
  const closed = new Promise((resolve) => socket.once('close', resolve))
  const count = 1 + Math.floor(random() * MESSAGES_PER_CONNECTION)
  for (let i = 0; i < count && !socket.destroyed; i++) {
    const payload = randomBytes(random, Math.floor(random() * 300))
    const roll = random()
    let bytes: Buffer
    if (roll < 0.3) bytes = payload // garbage where a frame header belongs
    else if (roll < 0.5) bytes = frame(Math.floor(random() * 16), payload, { fin: random() < 0.8 })
    else if (roll < 0.7) bytes = frame(0x1, payload, { declaredLength: pick(random, [payload.length + 1, 70_000, MAX_MESSAGE_BYTES + 1, 2 ** 40]) })
    else if (roll < 0.85) bytes = frame(0x1, Buffer.from(JSON.stringify({ type: 'call', id: i, channel: 'runs.list', args: {} }))).subarray(0, 2 + Math.floor(random() * 20))
    else bytes = frame(0x9, payload.subarray(0, 125)) // ping
    socket.write(bytes)
    tally.count('raw')
  }
  socket.destroy()
  await closed
}

type Random = () => number

/** A small seeded generator (mulberry32): the same seed gives the same frames. */
function mulberry32(seed: number): Random {
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
  return Array.from({ length }, () => String.fromCodePoint(pick(random, [0x20 + Math.floor(random() * 95), Math.floor(random() * 0xd7ff), 0x1f600]))).join('')
}

function invalidUtf8(random: Random): Buffer {
  return Buffer.from(pick(random, [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]]))
}

function randomJson(random: Random, depth: number): unknown {
  const roll = random()
  if (depth === 0 || roll < 0.3) return pick(random, [null, true, 0, -1, 1e308, 'runs', '', randomText(random, 8)])
  if (roll < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth - 1))
  const object: Record<string, unknown> = {}
  for (let i = Math.floor(random() * 4); i > 0; i--) object[pick(random, ['runId', 'datasetId', 'offset', 'limit', 'x', 'toString', randomText(random, 4)])] = randomJson(random, depth - 1)
  return object
}

function heapAfterGc(): number {
  collectGarbage()
  collectGarbage()
  return process.memoryUsage().heapUsed
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
