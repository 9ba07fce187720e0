import { readFileSync } from 'node:fs'
import type { Download, Locator, Page } from '@playwright/test'
import type { DatasetSummary } from '../src-shared/contract/datasets'
import type { RunSummary } from '../src-shared/contract/runs'
import { bridgeValue } from './bridge-client'
import { expect, test } from './fixtures'

/** 32 faces in batches of 8 for 2 epochs: 8 steps, few enough that a plain axis would put ticks between steps. */
const EPOCHS = 2
const STEPS = (32 / 8) * EPOCHS
const runs: RunSummary[] = []

// Setup only: a demo dataset and two short `quick` runs, made over the same contract the page uses.
test.beforeAll(async ({ studio }) => {
  test.setTimeout(240_000)
  await bridgeValue(studio, 'datasets.makeDemo', { name: 'Plot faces', count: 32, seed: 5 })
  let dataset: DatasetSummary | undefined
  await expect
    .poll(
      async () =>
        (dataset = (await bridgeValue(studio, 'datasets.list', {})).find((entry) => entry.name === 'Plot faces')),
      { timeout: 60_000 },
    )
    .toBeDefined()
  for (const [name, seed] of [
    ['Plot run A', 7],
    ['Plot run B', 8],
  ] as const) {
    const created = await bridgeValue(studio, 'runs.create', {
      datasetId: dataset!.id,
      preset: 'quick',
      epochs: EPOCHS,
      seed,
      name,
      hyperparameters: { batchSize: 8 },
    })
    let run!: RunSummary
    await expect
      .poll(async () => (run = await bridgeValue(studio, 'runs.get', { runId: created.id })).status, {
        timeout: 180_000,
      })
      .toBe('finished')
    runs.push(run)
  }
})

/**
 * uPlot draws its axes on a canvas: this records the text each canvas shows (what its last full redraw wrote, with
 * where and how it was aligned), so the tests can read the tick labels a user sees.
 */
const RECORD_CANVAS_TEXT = `(() => {
  const context = CanvasRenderingContext2D.prototype
  const { clearRect, fillText } = context
  context.clearRect = function (x, y, width, height) {
    if (x === 0 && y === 0 && width >= this.canvas.width && height >= this.canvas.height) this.canvas.drawnTexts = []
    return clearRect.call(this, x, y, width, height)
  }
  context.fillText = function (text, x, y, ...rest) {
    ;(this.canvas.drawnTexts ??= []).push({ text: String(text), x, y, align: this.textAlign, baseline: this.textBaseline })
    return fillText.call(this, text, x, y, ...rest)
  }
})()`

interface DrawnText {
  text: string
  x: number
  y: number
  align: string
  baseline: string
}

/** Opens `hash` in a fresh document, so the canvas recorder is in place before the first chart draws. */
async function openRecording(page: Page, url: string, hash: string) {
  await page.addInitScript(RECORD_CANVAS_TEXT)
  await page.goto(`${url}${hash}`)
  await page.reload()
}

/** What the canvas shows (uPlot draws the ticks it leaves unlabelled, on a log scale, as empty text). */
const drawnTexts = async (canvas: Locator) =>
  (await canvas.evaluate((element) => (element as unknown as { drawnTexts?: DrawnText[] }).drawnTexts ?? [])).filter(
    (drawn) => drawn.text !== '',
  )

/** The labels under the x axis (centred, hanging from the top), less the axis's own name. */
async function xTickLabels(canvas: Locator, axisName: string): Promise<string[]> {
  return (await drawnTexts(canvas))
    .filter((text) => text.align === 'center' && text.baseline === 'top' && text.text !== axisName)
    .map((text) => text.text)
}

/** Each tick on the step axis is a step of its own: whole numbers, each once, in order (no 1, 1.5, 2 shown as 1, 2, 2). */
async function expectWholeSteps(canvas: Locator) {
  await expect.poll(() => xTickLabels(canvas, 'step')).not.toEqual([])
  const labels = await xTickLabels(canvas, 'step')
  for (const label of labels) expect(label).toMatch(/^\d+$/)
  const steps = labels.map(Number)
  expect(steps).toEqual([...new Set(steps)].sort((a, b) => a - b))
}

/** The y axis's labels as numbers, with the height each is drawn at. */
async function yTicks(canvas: Locator): Promise<{ value: number; y: number }[]> {
  return (await drawnTexts(canvas))
    .filter((text) => text.align === 'right' && text.baseline === 'middle')
    .map((text) => ({ value: Number(text.text.replace(/,/g, '')), y: text.y }))
}

/** How far (in pixels) the middle ticks sit from a straight line through the first and last, with `scale` applied to the values. */
function offLine(ticks: { value: number; y: number }[], scale: (value: number) => number): number {
  const first = ticks[0]!
  const last = ticks.at(-1)!
  const slope = (last.y - first.y) / (scale(last.value) - scale(first.value))
  return Math.max(...ticks.map((tick) => Math.abs(first.y + slope * (scale(tick.value) - scale(first.value)) - tick.y)))
}

async function downloaded(page: Page, format: 'CSV' | 'JSON'): Promise<{ download: Download; text: string }> {
  await page.getByRole('button', { name: 'Download metrics' }).click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: format, exact: true }).click(),
  ])
  return { download, text: readFileSync(await download.path(), 'utf8') }
}

test("a run's curves: latest values before any hover, whole steps, by training time, log scale, and its metrics as CSV and JSON", async ({
  page,
  studio,
}) => {
  const [run] = runs
  await openRecording(page, studio.url, `#/runs/${run!.id}`)
  const plot = page.getByTestId('loss-plot')
  await expect(plot).toHaveAttribute('data-points', String(STEPS))
  const [losses, outputs] = [plot.locator('canvas').nth(0), plot.locator('canvas').nth(1)]

  // The legends read the run's last step before the pointer has been anywhere near the plots.
  for (const [chart, names] of [
    [0, ['D loss', 'G loss']],
    [1, ['D(x)', 'D(G(z))']],
  ] as const) {
    const legend = plot.locator('.u-legend').nth(chart).locator('.u-series')
    await expect(legend.nth(0)).toContainText(`step${STEPS}`)
    for (const [index, name] of names.entries()) {
      await expect(legend.nth(index + 1).locator('.u-label')).toHaveText(name)
      await expect(legend.nth(index + 1).locator('.u-value')).toHaveText(/^\d+\.\d{4}$/)
    }
  }

  // By step, the ticks are whole steps only, on a linear loss scale.
  await expectWholeSteps(losses)
  await expect.poll(async () => (await yTicks(losses)).length).toBeGreaterThanOrEqual(3)
  expect(offLine(await yTicks(losses), (value) => value)).toBeLessThanOrEqual(2)
  expect(offLine(await yTicks(losses), Math.log10)).toBeGreaterThan(4)

  // The log scale: the same losses, now spaced by their logarithm.
  const logScale = page.getByRole('switch', { name: 'Log scale' })
  await logScale.check()
  await expect.poll(async () => offLine(await yTicks(losses), Math.log10)).toBeLessThanOrEqual(2)
  expect((await yTicks(losses)).length).toBeGreaterThanOrEqual(3)
  expect(offLine(await yTicks(losses), (value) => value)).toBeGreaterThan(4)
  await logScale.uncheck()

  // By time: training time as m:ss on the axis and in the legend.
  await page.getByText('By time', { exact: true }).click()
  await expect(plot).toHaveAttribute('data-axis', 'time')
  await expect(plot.locator('.u-legend').first().locator('.u-series').first()).toHaveText(/^training time\d+:\d\d$/)
  await expect.poll(() => xTickLabels(outputs, 'training time')).not.toEqual([])
  for (const label of await xTickLabels(outputs, 'training time')) expect(label).toMatch(/^\d+:\d\d(\.\d)?$/)

  // The metrics, every step of them, as the studio has them.
  const history = await bridgeValue(studio, 'runs.history', { runId: run!.id, maxPoints: 1000 })
  expect(history.step).toHaveLength(STEPS)
  const csv = await downloaded(page, 'CSV')
  expect(csv.download.suggestedFilename()).toBe(`run-${run!.id}-Plot-run-A-metrics.csv`)
  const [header, ...rows] = csv.text.trimEnd().split('\n')
  expect(header).toBe('step,epoch,training_seconds,d_loss,g_loss,d_real,d_fake')
  expect(rows).toHaveLength(STEPS)
  expect(rows.map((row) => Number(row.split(',')[0]))).toEqual(history.step)
  expect(rows.map((row) => Number(row.split(',')[3]))).toEqual(history.dLoss)
  expect(rows.map((row) => Number(row.split(',')[6]))).toEqual(history.dFake)

  const json = await downloaded(page, 'JSON')
  expect(json.download.suggestedFilename()).toBe(`run-${run!.id}-Plot-run-A-metrics.json`)
  const parsed = JSON.parse(json.text) as { run: { id: number; name: string }; steps: Record<string, number>[] }
  expect(parsed.run).toEqual({ id: run!.id, name: 'Plot run A' })
  expect(parsed.steps).toHaveLength(STEPS)
  expect(parsed.steps.map((step) => step.step)).toEqual(history.step)
  expect(parsed.steps.map((step) => step.epoch)).toEqual(history.epoch)
  expect(parsed.steps.map((step) => step.g_loss)).toEqual(history.gLoss)
  expect(parsed.steps.map((step) => step.d_real)).toEqual(history.dReal)
})

test("Compare's key and legends say which run each colour is, which lines are solid and which dashed, D(x) and D(G(z)) included", async ({
  page,
  studio,
}) => {
  await openRecording(page, studio.url, '#/compare')
  const key = page.getByTestId('compare-key')
  for (const run of runs) await expect(key).toContainText(`#${run.id} ${run.name}`)
  await expect(key).toContainText('solid: D loss, D(x)')
  await expect(key).toContainText('dashed: G loss, D(G(z))')

  const compared = page.getByTestId('compare-plot')
  for (const [chart, solid, dashed] of [
    [0, 'D loss', 'G loss'],
    [1, 'D(x)', 'D(G(z))'],
  ] as const) {
    const legend = compared.locator('.u-legend').nth(chart)
    for (const run of runs) {
      for (const [metric, style] of [
        [solid, 'solid'],
        [dashed, 'dashed'],
      ] as const) {
        const entry = legend
          .locator('.u-series')
          .filter({ has: page.getByText(`#${run.id} ${run.name} · ${metric}`, { exact: true }) })
        await expect(entry.locator('.u-marker')).toHaveCSS('border-top-style', style)
        // the latest value, before any hover
        await expect(entry.locator('.u-value')).toHaveText(/^\d+\.\d{4}$/)
      }
    }
  }
  // and its step axis shows whole steps only
  await expectWholeSteps(compared.locator('canvas').first())
})
