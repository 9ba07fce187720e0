/**
 * Main-process responsiveness while a run trains: round trips of a contract call over the browser
 * bridge (the same dispatcher Electron IPC uses), timed from a client, with training in its worker.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { startBrowserServer } from '../src-main/bridge/browser-server'
import { createDispatcher } from '../src-main/bridge/dispatcher'
import { writeDemoFaces } from '../src-main/services/datasets/demo-faces'
import { Studio } from '../src-main/services/studio'

export interface BridgeLatencyResult {
  calls: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
  trainingSteps: number
}

export async function benchBridgeLatency({
  seconds = 20,
  log = (_line: string) => {},
} = {}): Promise<BridgeLatencyResult> {
  const root = await mkdtemp(join(tmpdir(), 'dcgan-bench-bridge-'))
  const studio = new Studio({
    dataDir: join(root, 'data'),
    mode: 'browser',
    probeBackends: async () => ({ backend: 'cpu', device: 'bench', unavailable: [], versions: {} }),
  })
  try {
    await writeDemoFaces(join(root, 'faces'), { count: 256, seed: 1 })
    const { datasetId } = await studio.datasets.runImport({
      sourcePath: join(root, 'faces'),
      sourceLabel: 'faces',
      name: 'bench',
      sizes: [32],
    })
    const server = await startBrowserServer({
      host: '127.0.0.1',
      port: 0,
      rendererDir: root,
      dispatch: createDispatcher(studio.handlers()),
      hub: studio.hub,
      media: studio.media,
    })
    const run = studio.runs.create({ datasetId: datasetId!, preset: 'compact-32', epochs: 1000, seed: 1 })
    await waitFor(() => studio.runs.get(run.id).step > 0)
    log(`training started (${studio.runs.get(run.id).device}); timing bridge calls for ${seconds} s`)
    const stepBefore = studio.runs.get(run.id).step
    const times = await timeCalls(`${server.origin.replace('http', 'ws')}bridge?token=${server.token}`, seconds * 1000)
    const trainingSteps = studio.runs.get(run.id).step - stepBefore
    studio.runs.stop(run.id)
    await studio.runs.whenDone(run.id)
    await server.close()
    times.sort((a, b) => a - b)
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!
    return {
      calls: times.length,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      p99Ms: at(0.99),
      maxMs: times.at(-1)!,
      trainingSteps,
    }
  } finally {
    studio.close()
    await rm(root, { recursive: true, force: true })
  }
}

async function timeCalls(url: string, durationMs: number): Promise<number[]> {
  const ws = new WebSocket(url)
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const times: number[] = []
  const end = performance.now() + durationMs
  let id = 0
  while (performance.now() < end) {
    const started = performance.now()
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve())
      ws.send(JSON.stringify({ type: 'call', id: ++id, channel: 'runs.list', args: {} }))
    })
    times.push(performance.now() - started)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  ws.close()
  return times
}

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error('training did not start in time')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
