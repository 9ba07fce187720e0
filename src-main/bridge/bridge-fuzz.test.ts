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
import { writeDemoFaces } from '../services/datasets/demo-faces'
import { Studio } from '../services/studio'
import { fuzzConnection, mulberry32, Tally, type FuzzTarget } from './bridge-fuzzer'
import { startBrowserServer, type BrowserServer } from './browser-server'
import { createDispatcher } from './dispatcher'
import { nextReply, openSocket, signIn } from './test-clients'

const MIN_FRAMES = 10_000
const FUZZ_CLIENTS = 4

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
  const { datasetId } = await studio.datasets.runImport({
    sourcePath: join(root, 'faces'),
    sourceLabel: 'faces',
    name: 'Faces',
    sizes: [32],
  })
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
  runId = studio.runs.create({
    datasetId: datasetId!,
    preset: 'quick',
    epochs: 10_000,
    seed: 1,
    hyperparameters: { batchSize: 4 },
  }).id
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

it(`survives ${MIN_FRAMES}+ malformed, oversized, truncated and random frames from ${FUZZ_CLIENTS} clients while a run trains`, async () => {
  // warm up what the first connections initialise once, then take the level memory must return to
  for (let i = 0; i < 5; i++) await fuzzConnection(target(), mulberry32(i), new Tally())
  const heapBefore = heapAfterGc()
  const stepBefore = studio.runs.get(runId).step

  const tally = new Tally()
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  const observer = observe()
  await Promise.all(
    Array.from({ length: FUZZ_CLIENTS }, async (_, client) => {
      const random = mulberry32(1000 + client)
      while (tally.frames < MIN_FRAMES) await fuzzConnection(target(), random, tally)
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
  expect(
    Object.keys(tally.closes).every((code) => ['1002', '1003', '1006', '1007', '1008', '1009'].includes(code)),
  ).toBe(true)
  expect(heapAfter - heapBefore).toBeLessThan(16 * 1024 * 1024)
  expect(serverLog).toEqual([])
}, 240_000)

const target = (): FuzzTarget => ({ server, cookie, runId })

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
