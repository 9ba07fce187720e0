/**
 * Latent studio frame rate in the real UI: `dcgan-studio serve` (the built app), Chromium as in the
 * end-to-end tests, a trained run's latent page, and a direction slider dragged back and forth with
 * the mouse. Reports the time to draw one face (generate + draw) and the frames per second while
 * dragging, for a `quick` run (32×32) and a `paper-64` run (64×64; one training step is enough:
 * speed does not depend on training).
 *
 *   npm run build && npx tsx bench/latent-fps.ts [--presets quick,paper-64] [--seconds 8] [--json]
 */
import { pathToFileURL } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import type { PresetName } from '../src-shared/contract/runs'
import { connectBridge, waitUntil, type BridgeClient } from '../e2e/bridge-client'
import { CHROMIUM_ARGS, findChromium } from '../e2e/find-chromium'
import { startStudio } from '../e2e/studio-server'

export interface LatentFpsResult {
  preset: PresetName
  imageSize: number
  backend: string
  /** from opening the page to the first face (model fetch, backend start, first frame) */
  firstFaceMs: number
  /** faces drawn while the slider was dragged */
  frames: number
  seconds: number
  fps: number
  /** pointer moves the page received per second: faces cannot come more often than the slider moves */
  movesPerSecond: number
  /** share of the drag the page's main thread spent running tasks (React, generating, drawing) */
  mainThreadBusy: number
  /** generate + draw, per face */
  frameMs: { p50: number; p95: number; max: number }
  /** between consecutive faces while dragging */
  intervalMs: { p50: number; p95: number; max: number }
}

export interface LatentFpsOptions {
  presets?: PresetName[]
  /** how long the slider is dragged, per preset */
  seconds?: number
  log?: (line: string) => void
}

export const FPS_TARGET = 30
const MOUSE_INTERVAL_MS = 8

export async function benchLatentFps({
  presets = ['quick', 'paper-64'],
  seconds = 8,
  log = () => {},
}: LatentFpsOptions = {}): Promise<LatentFpsResult[]> {
  const studio = await startStudio()
  const bridge = await connectBridge(studio)
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS })
  try {
    await bridge.call('datasets.makeDemo', { name: 'bench faces', count: 64, seed: 1 })
    const dataset = await waitUntil('the demo dataset', async () =>
      (await bridge.call('datasets.list', {})).find((candidate) => candidate.name === 'bench faces'),
    )
    const results: LatentFpsResult[] = []
    for (const preset of presets) {
      log(`training one epoch of ${preset}…`)
      const runId = await trainOneEpoch(bridge, dataset.id, preset)
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
      results.push(await measure(page, studio.link, runId, preset, seconds))
      await page.close()
    }
    return results
  } finally {
    await browser.close()
    bridge.close()
    await studio.stop()
  }
}

async function trainOneEpoch(bridge: BridgeClient, datasetId: number, preset: PresetName): Promise<number> {
  const run = await bridge.call('runs.create', { datasetId, preset, epochs: 1, seed: 1 })
  await waitUntil(
    `run ${run.id} to finish`,
    async () => ((await bridge.call('runs.get', { runId: run.id })).status === 'finished' ? true : undefined),
    600_000,
  )
  return run.id
}

interface PageFrames {
  frames: [number, number][]
  /** pointer moves the page received */
  moves: number
}

async function measure(
  page: Page,
  link: string,
  runId: number,
  preset: PresetName,
  seconds: number,
): Promise<LatentFpsResult> {
  const opened = Date.now()
  await page.goto(`${link}#/latent/${runId}`)
  const face = page.getByTestId('latent-face')
  await face.locator('xpath=self::*[@data-frames]').waitFor({ timeout: 120_000 })
  const firstFaceMs = Date.now() - opened
  const slider = page.getByRole('slider', { name: 'Direction 1' })
  await slider.waitFor({ timeout: 120_000 })
  await slider.scrollIntoViewIfNeeded()

  // every face drawn from now on: when, and how long it took
  await face.evaluate((canvas) => {
    const record: PageFrames = { frames: [], moves: 0 }
    ;(globalThis as unknown as { latentFrames: PageFrames }).latentFrames = record
    ;(
      globalThis as unknown as { addEventListener(type: string, listener: () => void, capture: boolean): void }
    ).addEventListener('pointermove', () => record.moves++, true)
    const element = canvas as unknown as { dataset: { frameMs?: string } }
    const Observer = (
      globalThis as unknown as {
        MutationObserver: new (callback: () => void) => { observe(target: unknown, options: unknown): void }
      }
    ).MutationObserver
    new Observer(() => record.frames.push([performance.now(), Number(element.dataset.frameMs)])).observe(canvas, {
      attributes: true,
      attributeFilter: ['data-frames'],
    })
  })

  const thumb = (await slider.boundingBox())!
  const track = (await slider.locator('xpath=ancestor::*[contains(@class, "mantine-Slider-root")]').boundingBox())!
  const y = thumb.y + thumb.height / 2
  await page.mouse.move(thumb.x + thumb.width / 2, y)
  await page.mouse.down()
  const taskSeconds = await mainThreadTaskSeconds(page)
  const before = await taskSeconds()
  // a mouse reporting every 8 ms (125 Hz), not waiting for the page: Chromium coalesces moves it
  // cannot handle in time, as it does for a real hand on a real mouse
  const inFlight: Promise<void>[] = []
  const end = Date.now() + seconds * 1000
  for (let move = 0; Date.now() < end; move++) {
    // back and forth across 10–90 % of the track, 1 % of it per move
    const phase = (move % 160) / 80
    const fraction = 0.1 + 0.8 * (phase <= 1 ? phase : 2 - phase)
    inFlight.push(page.mouse.move(track.x + track.width * fraction, y))
    await new Promise((resolve) => setTimeout(resolve, MOUSE_INTERVAL_MS))
  }
  await Promise.all(inFlight)
  const busy = (await taskSeconds()) - before
  await page.mouse.up()

  const { frames, moves } = await page.evaluate(
    () => (globalThis as unknown as { latentFrames: PageFrames }).latentFrames,
  )
  const backend = (await face.getAttribute('data-backend')) ?? 'unknown'
  const imageSize = Number(await face.getAttribute('width'))
  if (frames.length < 2) throw new Error(`only ${frames.length} face(s) were drawn while the slider moved`)
  const span = (frames.at(-1)![0] - frames[0]![0]) / 1000
  const intervals = frames.slice(1).map(([at], index) => at - frames[index]![0])
  return {
    preset,
    imageSize,
    backend,
    firstFaceMs,
    frames: frames.length,
    seconds: span,
    fps: (frames.length - 1) / span,
    movesPerSecond: moves / seconds,
    mainThreadBusy: busy / seconds,
    frameMs: summary(frames.map(([, milliseconds]) => milliseconds)),
    intervalMs: summary(intervals),
  }
}

/** The page's main-thread task time so far, from Chromium's performance metrics. */
async function mainThreadTaskSeconds(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  return async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration')?.value ??
    Number.NaN
}

function summary(values: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1)! }
}

export function describeResult(r: LatentFpsResult): string {
  return (
    `latent ${r.preset} (${r.imageSize}×${r.imageSize}) on ${r.backend}: ${r.fps.toFixed(1)} fps while dragging (target ≥ ${FPS_TARGET}; ${r.movesPerSecond.toFixed(0)} mouse moves/s), ` +
    `face ${r.frameMs.p50.toFixed(1)} ms p50 / ${r.frameMs.p95.toFixed(1)} ms p95, ` +
    `between faces ${r.intervalMs.p50.toFixed(1)} ms p50 / ${r.intervalMs.p95.toFixed(1)} ms p95, ${r.frames} faces in ${r.seconds.toFixed(1)} s, main thread busy ${(r.mainThreadBusy * 100).toFixed(0)} %; ` +
    `first face after ${r.firstFaceMs} ms`
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const option = (name: string) => {
    const index = args.indexOf(`--${name}`)
    return index >= 0 ? args[index + 1] : undefined
  }
  const json = args.includes('--json')
  const results = await benchLatentFps({
    presets: option('presets')?.split(',') as PresetName[] | undefined,
    seconds: option('seconds') ? Number(option('seconds')) : undefined,
    log: json ? undefined : (line) => console.log(line),
  })
  console.log(json ? JSON.stringify(results, null, 2) : results.map(describeResult).join('\n'))
}
