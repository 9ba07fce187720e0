import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { unzipSync } from 'fflate'
import sharp from 'sharp'
import type { DatasetSummary } from '../src-shared/contract/datasets'
import type { RunSummary } from '../src-shared/contract/runs'
import { parseGif } from '../src-main/services/exports/gif'
import { readPngText } from '../src-main/services/exports/png-text'
import { bridgeValue } from './bridge-client'
import { expect, test } from './fixtures'

const scratch = mkdtempSync(join(tmpdir(), 'studio-e2e-exports-'))
test.afterAll(() => rmSync(scratch, { recursive: true, force: true }))

let run: RunSummary

// Setup only: a demo dataset and a short `quick` run (64 steps: enough for different latents to make different faces),
// made over the same contract the page uses.
test.beforeAll(async ({ studio }) => {
  test.setTimeout(240_000)
  const bridge = studio
  await bridgeValue(bridge, 'datasets.makeDemo', { name: 'Export faces', count: 32, seed: 5 })
  let dataset: DatasetSummary | undefined
  await expect
    .poll(
      async () =>
        (dataset = (await bridgeValue(bridge, 'datasets.list', {})).find((entry) => entry.name === 'Export faces')),
      { timeout: 60_000 },
    )
    .toBeDefined()
  const created = await bridgeValue(bridge, 'runs.create', {
    datasetId: dataset!.id,
    preset: 'quick',
    epochs: 8,
    seed: 7,
    name: 'Export run',
    hyperparameters: { batchSize: 4 },
  })
  await expect
    .poll(async () => (run = await bridgeValue(bridge, 'runs.get', { runId: created.id })).status, { timeout: 180_000 })
    .toBe('finished')
})

interface Manifest {
  synthetic: boolean
  run: { id: number; name: string }
  checkpoint: { id: number; epoch: number; step: number }
  seed: number
  images: { file: string; seedIndex: number; latent: number[] }[]
}

test('exports 16 images into a typed folder, then an interpolation GIF, and both are on disk as described', async ({
  page,
  studio,
}) => {
  // a folder that does not exist yet: created because its parent does
  const folder = join(mkdtempSync(join(scratch, 'out-')), 'new exports')
  await page.goto(`${studio.url}#/export`)
  await expect(page.getByRole('combobox', { name: 'Run', exact: true })).toHaveValue(/Export run/)
  // the form opens on the epoch with the best SWD (or the nearest kept one); this export wants the latest
  const checkpoint = page.getByRole('combobox', { name: 'Checkpoint', exact: true })
  await expect(checkpoint).toHaveValue(/best/i)
  await checkpoint.click()
  await page.getByRole('option', { name: 'Latest (epoch 8, step 64)' }).click()
  await expect(checkpoint).toHaveValue('Latest (epoch 8, step 64)')
  await page.getByLabel('Number of images', { exact: true }).fill('16')
  await page.getByLabel('Folder on the studio machine').fill(folder)
  await page.getByRole('button', { name: 'Use this folder' }).click()
  await page.getByRole('button', { name: 'Export', exact: true }).click()

  const result = page.getByTestId('export-result')
  await expect(result).toContainText('Exported 16 images from "Export run"', { timeout: 60_000 })
  await expect(result).toContainText('17 files')
  expect(existsSync(folder)).toBe(true)
  const output = (await page.getByTestId('export-output').textContent())!
  expect(readdirSync(folder)).toEqual([output])
  const files = readdirSync(join(folder, output)).sort()
  // the browser may be another machine: the folder comes home as a zip of the same files, over the token cookie
  const zipDownload = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download as zip' }).click()
  const zipped = unzipSync(readFileSync((await (await zipDownload).path())!))
  expect((await zipDownload).suggestedFilename()).toBe(`${output}.zip`)
  expect(Object.keys(zipped).sort()).toEqual(files)
  for (const file of files)
    expect(Buffer.from(zipped[file]!).equals(readFileSync(join(folder, output, file))), file).toBe(true)
  expect(files).toEqual([
    'manifest.json',
    ...Array.from({ length: 16 }, (_, index) => `sample-${String(index + 1).padStart(4, '0')}.png`),
  ])
  const manifest = JSON.parse(readFileSync(join(folder, output, 'manifest.json'), 'utf8')) as Manifest
  expect(manifest).toMatchObject({
    synthetic: true,
    run: { id: run.id, name: 'Export run' },
    checkpoint: { epoch: 8, step: 64 },
    seed: 7,
  })
  expect(manifest.images.map((image) => image.file).sort()).toEqual(files.filter((file) => file.endsWith('.png')))
  for (const image of manifest.images) {
    expect(image.latent).toHaveLength(32)
    expect(readPngText(readFileSync(join(folder, output, image.file)))).toMatchObject({
      'dcgan-studio:synthetic': 'true',
      'dcgan-studio:run-id': String(run.id),
      'dcgan-studio:checkpoint-id': String(manifest.checkpoint.id),
      'dcgan-studio:seed': '7',
      'dcgan-studio:seed-index': String(image.seedIndex),
    })
  }

  // the folder stays chosen: a GIF loop through 3 keyframes, 4 frames from each to the next
  await page.getByText('Animated GIF', { exact: true }).click()
  await page.getByLabel('Keyframes', { exact: true }).fill('3')
  await page.getByLabel('Frames between keyframes', { exact: true }).fill('4')
  await page.getByRole('button', { name: 'Export', exact: true }).click()
  await expect(result).toContainText('Exported a GIF loop through 3 keyframes from "Export run"', { timeout: 60_000 })
  const gifName = (await page.getByTestId('export-output').textContent())!
  expect(gifName).toMatch(/loop\.gif$/)
  expect(readdirSync(folder).sort()).toEqual([output, gifName].sort())
  const gifDownload = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download', exact: true }).click()
  expect((await gifDownload).suggestedFilename()).toBe(gifName)
  expect(readFileSync((await (await gifDownload).path())!).equals(readFileSync(join(folder, gifName)))).toBe(true)
  const gif = parseGif(readFileSync(join(folder, gifName)))
  expect(gif).toMatchObject({ frames: 12, loops: true, width: 256, height: 256 })
  expect(gif.comments.join(' ')).toContain('Synthetic image')
})

test("the model export's offline page, opened from disk, draws the studio's own faces for the run's seed", async ({
  page,
  request,
  studio,
}) => {
  const folder = mkdtempSync(join(scratch, 'model-'))
  await page.goto(`${studio.url}#/export`)
  await page.getByText('Model', { exact: true }).click()
  // the last epoch's checkpoint, whose preview faces the page must redraw
  await page.getByRole('combobox', { name: 'Checkpoint', exact: true }).click()
  await page.getByRole('option', { name: 'Latest (epoch 8, step 64)' }).click()
  await page.getByLabel('Folder on the studio machine').fill(folder)
  await page.getByRole('button', { name: 'Use this folder' }).click()
  await page.getByRole('button', { name: 'Export', exact: true }).click()
  await expect(page.getByTestId('export-result')).toContainText('Exported the generator of "Export run"', {
    timeout: 60_000,
  })
  const output = (await page.getByTestId('export-output').textContent())!
  expect(readdirSync(join(folder, output)).sort()).toEqual([
    'generator.weights.bin',
    'index.html',
    'manifest.json',
    'model-data.js',
    'model.json',
    'tf.min.js',
  ])
  const download = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download as zip' }).click()
  expect(Object.keys(unzipSync(readFileSync((await (await download).path())!))).sort()).toEqual(
    readdirSync(join(folder, output)).sort(),
  )

  // the run's preview faces of its last epoch: latents 0 and 1 of its seed, at the checkpoint's step
  const bridge = studio
  const epochs = await bridgeValue(bridge, 'runs.samples', { runId: run.id })
  const previews = epochs.find((entry) => entry.epoch === 8)!.cells
  const previewPixels = async (mediaId: string) =>
    new Uint8Array(
      await sharp(await (await request.get(`${studio.url}media/${mediaId}`)).body())
        .ensureAlpha()
        .raw()
        .toBuffer(),
    )

  expect(maxAbsDiff(await previewPixels(previews[0]!), await previewPixels(previews[1]!))).toBeGreaterThan(8)

  const offline = await page.context().newPage()
  await offline.goto(pathToFileURL(join(folder, output, 'index.html')).href)
  await expect(offline.locator('#status')).toContainText('backend:', { timeout: 60_000 })
  // a string: this file is type-checked without the DOM library
  const canvasPixels = () =>
    offline.evaluate<number[]>(
      "(() => { const c = document.getElementById('out'); return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data) })()",
    )
  expect(maxAbsDiff(await canvasPixels(), await previewPixels(previews[0]!))).toBeLessThanOrEqual(2)
  await offline.getByLabel('Image').fill('1')
  await offline.getByLabel('Image').press('Enter')
  await expect
    .poll(async () => maxAbsDiff(await canvasPixels(), await previewPixels(previews[1]!)))
    .toBeLessThanOrEqual(2)
})

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let max = 0
  for (let index = 0; index < a.length; index++) max = Math.max(max, Math.abs(a[index]! - b[index]!))
  return max
}
