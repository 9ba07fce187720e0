/**
 * A run with 1,000,000 recorded steps, opened and panned in the browser UI: time to the first drawn plot, frame
 * times while zooming and panning, and what the renderer was sent. Seeds a data folder through the real
 * migrations, serves it with the real `dcgan-studio serve` (build first: `npx electron-vite build`), and drives
 * Debian's Chromium with playwright-core.
 *
 *   npx tsx bench/plot-bench.ts [--steps 1000000] [--json]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { openDatabase } from '../src-main/db/open-database'
import { RunQueries } from '../src-main/db/queries/runs'
import { markAllSteps } from '../src-main/db/queries/step-marks'
import { prepareDataDir } from '../src-main/services/data-dir'
import { CHROMIUM_ARGS, findChromium } from '../e2e/find-chromium'
import { startStudio } from '../e2e/studio-server'

export interface FrameStats {
  frames: number
  p50Ms: number
  p95Ms: number
  maxMs: number
  /** Frames that took more than two display frames (33 ms): visible stutter. */
  slowFrames: number
  longTasks: number
  longestTaskMs: number
}

export interface PlotBenchResult {
  steps: number
  seedSeconds: number
  /** Navigation start to the loss plot drawn with the run's history. */
  firstRenderMs: number
  /** The whole-run history the page was sent when it opened. */
  initialHistory: { points: number; bytes: number }
  /** Ctrl+wheel zooms, Shift+drag and Shift+wheel pans, then zooming out: frames drawn meanwhile. */
  panZoom: FrameStats
  /** The plot's step range after zooming in, after panning, after zooming out. */
  ranges: string[]
  /** runs.history calls sent during the gestures and after them (one per settled view at most). */
  historyCalls: number
  /** Largest history reply during the gestures. */
  largestRangeReply: { points: number; bytes: number }
}

const SETTLE_WAIT_MS = 1500

/** A finished run whose step rows look like training: falling noisy losses with a few spikes. */
function seedRun(dataDir: string, steps: number): number {
  const dirs = prepareDataDir(dataDir)
  const db = openDatabase(dirs.database)
  try {
    db.prepare(
      `INSERT INTO datasets (name, source_label, source_path, storage_dir, channels, all_grayscale, sizes, created_at)
       VALUES ('Bench faces', 'bench', '/nonexistent', 'dataset-bench', 3, 0, '[32]', ?)`,
    ).run(new Date().toISOString())
    const datasetId = db.prepare(`SELECT id FROM datasets`).pluck().get() as number
    const stepsPerEpoch = 1000
    const epochs = Math.ceil(steps / stepsPerEpoch)
    const queries = new RunQueries(db)
    const config = {
      arch: 'compact',
      imageSize: 32,
      channels: 3,
      zDim: 100,
      baseChannels: 32,
      batchSize: 64,
      loss: 'bce',
      optimizer: { kind: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999, eps: 1e-8 },
      realLabel: 0.9,
      flip: true,
      nCritic: 5,
      clip: 0.01,
      seed: 1,
    }
    const runId = queries.insert({
      name: `${steps.toLocaleString('en')} steps`,
      datasetId,
      preset: 'compact-32',
      config,
      seed: 1,
      epochs,
      notes: '',
      tags: [],
    })
    db.prepare(
      `UPDATE runs SET status = 'finished', epoch = ?, step = ?, steps_per_epoch = ?, backend = 'wasm', device = 'bench' WHERE id = ?`,
    ).run(epochs, steps, stepsPerEpoch, runId)

    let seed = 12345
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    const insert = db.prepare(
      `INSERT INTO steps (run_id, step, epoch, d_loss, g_loss, d_real, d_fake, step_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    db.transaction(() => {
      for (let step = 1; step <= steps; step++) {
        const progress = step / steps
        const spike = random() < 1e-5 ? 8 : 1
        const dLoss = (0.6 + 0.8 * Math.exp(-progress * 4) + 0.25 * random()) * spike
        const gLoss = 0.9 + 1.5 * (1 - Math.exp(-progress * 3)) + 0.5 * random()
        const dReal = Math.min(1, 0.55 + 0.3 * progress + 0.1 * random())
        const dFake = Math.max(0, 0.45 - 0.3 * progress + 0.1 * random())
        insert.run(runId, step, Math.floor((step - 1) / stepsPerEpoch), dLoss, gLoss, dReal, dFake, 20)
      }
    })()
    markAllSteps(db)
    return runId
  } finally {
    db.close()
  }
}

/** Counts runs.history calls and measures their replies, from the page's WebSocket frames. */
function watchHistory(page: Page) {
  const calls = new Map<number, string>()
  const replies: { points: number; bytes: number }[] = []
  let sent = 0
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { id: number; channel: string }
      calls.set(message.id, message.channel)
      if (message.channel === 'runs.history') sent++
    })
    socket.on('framereceived', ({ payload }) => {
      const text = String(payload)
      const message = JSON.parse(text) as { type: string; id?: number; value?: { step?: number[] } }
      if (message.type === 'reply' && calls.get(message.id!) === 'runs.history')
        replies.push({ points: message.value?.step?.length ?? 0, bytes: Buffer.byteLength(text) })
    })
  })
  return {
    get sent() {
      return sent
    },
    replies,
  }
}

function frameStats(deltas: number[], longTasks: number[]): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return {
    frames: deltas.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    maxMs: sorted.at(-1) ?? 0,
    slowFrames: deltas.filter((delta) => delta > 33.4).length,
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks),
  }
}

/**
 * The page's globals this program uses, typed here: it is checked as Node code, without the DOM's types. Page
 * functions are sent to Chromium as functions (never as strings, which the app's CSP would refuse to evaluate),
 * so they can use nothing from this module but types.
 */
interface PageGlobals {
  document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null }
  requestAnimationFrame(callback: () => void): number
  __benchStart(): void
  __benchStop(): { deltas: number[]; longTasks: number[] }
}

/** Records requestAnimationFrame deltas and long tasks in the page until `stop` is called. */
const RECORDER = `
  window.__bench = { deltas: [], longTasks: [], recording: false }
  new PerformanceObserver((list) => {
    if (window.__bench.recording) for (const entry of list.getEntries()) window.__bench.longTasks.push(entry.duration)
  }).observe({ type: 'longtask', buffered: false })
  window.__benchStart = () => {
    const bench = window.__bench
    bench.deltas = []
    bench.longTasks = []
    bench.recording = true
    let last = performance.now()
    const tick = (now) => {
      if (!bench.recording) return
      bench.deltas.push(now - last)
      last = now
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  }
  window.__benchStop = () => {
    window.__bench.recording = false
    return { deltas: window.__bench.deltas.slice(1), longTasks: window.__bench.longTasks }
  }
`

/** Zooms in, pans, zooms out; returns the step range the plot showed after each, to show the gestures took effect. */
async function panAndZoom(page: Page): Promise<string[]> {
  const shownRange = () => page.getByTestId('plot-range').textContent({ timeout: 5000 })
  const ranges: string[] = []
  const over = page.getByTestId('loss-plot').locator('.u-over').first()
  const box = (await over.boundingBox())!
  const y = box.y + box.height / 2
  const pause = () => page.waitForTimeout(16)
  await page.mouse.move(box.x + box.width * 0.7, y)

  await page.keyboard.down('Control')
  for (let tick = 0; tick < 15; tick++) {
    await page.mouse.wheel(0, -120)
    await pause()
  }
  await page.keyboard.up('Control')
  ranges.push((await shownRange())!)

  await page.keyboard.down('Shift')
  await page.mouse.move(box.x + box.width * 0.8, y)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width * 0.2, y, { steps: 90 })
  await page.mouse.up()
  for (let tick = 0; tick < 30; tick++) {
    await page.mouse.wheel(0, tick < 15 ? 60 : -60)
    await pause()
  }
  await page.keyboard.up('Shift')
  await page.waitForTimeout(SETTLE_WAIT_MS)
  ranges.push((await shownRange())!)

  await page.keyboard.down('Control')
  for (let tick = 0; tick < 10; tick++) {
    await page.mouse.wheel(0, 120)
    await pause()
  }
  await page.keyboard.up('Control')
  await page.waitForTimeout(SETTLE_WAIT_MS)
  ranges.push((await shownRange())!)
  if (new Set(ranges).size !== ranges.length)
    throw new Error(`The gestures did not move the plot: it showed ${ranges.join(', then ')}.`)
  return ranges
}

export async function benchPlot({ steps = 1_000_000, log = (_line: string) => {} } = {}): Promise<PlotBenchResult> {
  if (!existsSync(join(process.cwd(), 'out/main/cli.js')))
    throw new Error('Build the app first: npx electron-vite build')
  const dataDir = mkdtempSync(join(tmpdir(), 'dcgan-bench-plot-'))
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS })
  let studio: Awaited<ReturnType<typeof startStudio>> | undefined
  try {
    const seedStarted = performance.now()
    const runId = seedRun(dataDir, steps)
    const seedSeconds = (performance.now() - seedStarted) / 1000
    log(`seeded a run with ${steps.toLocaleString('en')} steps in ${seedSeconds.toFixed(1)} s`)
    studio = await startStudio({ dataDir })

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.addInitScript(RECORDER)
    const history = watchHistory(page)
    await page.goto(`${studio.link}#/runs/${runId}`)
    const plot = page.getByTestId('loss-plot')
    await page.waitForFunction(
      () =>
        Number(
          (globalThis as unknown as PageGlobals).document
            .querySelector('[data-testid="loss-plot"]')
            ?.getAttribute('data-points'),
        ) > 0,
      null,
      {
        polling: 'raf',
        timeout: 60_000,
      },
    )
    await plot.locator('.u-over').first().waitFor()
    const firstRenderMs = await page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          (globalThis as unknown as PageGlobals).requestAnimationFrame(() => resolve(performance.now())),
        ),
    )
    const initialHistory = history.replies[0] ?? { points: 0, bytes: 0 }
    log(
      `first plot render ${firstRenderMs.toFixed(0)} ms after navigation; history sent: ${initialHistory.points} points, ${(initialHistory.bytes / 1024).toFixed(0)} KiB`,
    )

    const callsBefore = history.sent
    const repliesBefore = history.replies.length
    await page.evaluate(() => (globalThis as unknown as PageGlobals).__benchStart())
    const ranges = await panAndZoom(page)
    const recorded = await page.evaluate(() => (globalThis as unknown as PageGlobals).__benchStop())
    const panZoom = frameStats(recorded.deltas, recorded.longTasks)
    const historyCalls = history.sent - callsBefore
    const rangeReplies = history.replies.slice(repliesBefore)
    const largestRangeReply = rangeReplies.reduce((largest, reply) => (reply.bytes > largest.bytes ? reply : largest), {
      points: 0,
      bytes: 0,
    })
    log(
      `pan/zoom: ${panZoom.frames} frames, frame time p50 ${panZoom.p50Ms.toFixed(1)} ms, p95 ${panZoom.p95Ms.toFixed(1)} ms, max ${panZoom.maxMs.toFixed(0)} ms, ` +
        `${panZoom.slowFrames} over 33 ms; ${panZoom.longTasks} long tasks (longest ${panZoom.longestTaskMs.toFixed(0)} ms)`,
    )
    log(`shown after zooming in, panning, zooming out: ${ranges.join(' → ')}`)
    log(
      `history reads during the gestures: ${historyCalls} (largest reply ${largestRangeReply.points} points, ${(largestRangeReply.bytes / 1024).toFixed(0)} KiB)`,
    )
    return { steps, seedSeconds, firstRenderMs, initialHistory, panZoom, ranges, historyCalls, largestRangeReply }
  } finally {
    await browser.close()
    await studio?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2)
  const stepsAt = argv.indexOf('--steps')
  const steps = stepsAt >= 0 ? Number(argv[stepsAt + 1]) : 1_000_000
  if (!Number.isSafeInteger(steps) || steps < 1)
    throw new Error(`--steps needs a positive whole number, not ${argv[stepsAt + 1]}`)
  const json = argv.includes('--json')
  const result = await benchPlot({ steps, log: json ? undefined : (line) => console.log(line) })
  if (json) console.log(JSON.stringify(result, null, 2))
  process.exit(0)
}
