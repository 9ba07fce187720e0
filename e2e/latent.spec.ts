import { readFileSync } from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import sharp from 'sharp'
import { parseGif } from '../src-main/services/exports/gif'
import { connectBridge, waitUntil, type BridgeClient } from './bridge-client'
import { startStudio, type RunningStudio } from './studio-server'

// A studio of its own: the runs and faces made here would show up in other files' empty states.
let studio: RunningStudio
let bridge: BridgeClient
test.beforeAll(async () => {
  studio = await startStudio()
  bridge = await connectBridge(studio)
})
test.afterAll(async () => {
  bridge?.close()
  await studio?.stop()
})

/** The face canvas as a data URL: changes exactly when its pixels do. */
const pixelsOf = (face: Locator) =>
  face.evaluate((canvas) => (canvas as unknown as { toDataURL(): string }).toDataURL())

async function dragSlider(page: Page, slider: Locator, fraction: number) {
  await slider.scrollIntoViewIfNeeded()
  const thumb = (await slider.boundingBox())!
  const track = (await slider.locator('xpath=ancestor::*[contains(@class, "mantine-Slider-root")]').boundingBox())!
  await page.mouse.move(thumb.x + thumb.width / 2, thumb.y + thumb.height / 2)
  await page.mouse.down()
  await page.mouse.move(track.x + track.width * fraction, thumb.y + thumb.height / 2, { steps: 12 })
  await page.mouse.up()
}

/** The face canvas's RGB pixels, row by row. */
const rgbOf = (face: Locator) =>
  face.evaluate((element) => {
    const canvas = element as unknown as {
      width: number
      height: number
      getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } }
    }
    const rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
    return Array.from(rgba).filter((_, index) => index % 4 !== 3)
  })

/** Each frame of a GIF as RGB pixels, sampled at one pixel per `scale` × `scale` block. */
async function gifFrames(bytes: Buffer, scale: number): Promise<number[][]> {
  const { data, info } = await sharp(bytes, { pages: -1 }).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const frames = parseGif(bytes).frames
  const height = info.height / frames
  return Array.from({ length: frames }, (_, frame) => {
    const pixels: number[] = []
    for (let y = 0; y < height; y += scale)
      for (let x = 0; x < info.width; x += scale)
        pixels.push(
          ...data.subarray(
            ((frame * height + y) * info.width + x) * 3,
            ((frame * height + y) * info.width + x) * 3 + 3,
          ),
        )
    return pixels
  })
}

const meanDifference = (a: readonly number[], b: readonly number[]) =>
  a.reduce((sum, value, index) => sum + Math.abs(value - b[index]!), 0) / a.length

async function trainedRun(datasetId: number, epochs: number, seed: number) {
  const run = await bridge.call('runs.create', { datasetId, preset: 'quick', epochs, seed })
  return waitUntil(`run ${run.id} to finish`, async () => {
    const current = await bridge.call('runs.get', { runId: run.id })
    return current.status === 'finished' ? current : undefined
  })
}

test('the latent studio draws a trained quick run live, and keeps a pinned, named face', async ({ page }) => {
  test.setTimeout(300_000)
  await page.goto(`${studio.link}#/datasets`)
  await page.getByRole('button', { name: 'Make a demo dataset' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'Make a demo dataset' })
  await dialog.getByLabel('Name').fill('Latent faces')
  await dialog.getByLabel('Faces').fill('64')
  await dialog.getByRole('button', { name: 'Make dataset' }).click()
  await page.getByRole('link', { name: 'Open the dataset' }).click({ timeout: 60_000 })

  const dataset = (await bridge.call('datasets.list', {})).find((candidate) => candidate.name === 'Latent faces')!
  const run = await trainedRun(dataset.id, 4, 5)

  await page.goto(`${studio.link}#/latent/${run.id}`)
  // it opens on the best epoch by SWD (or the nearest kept one); this test draws the newest
  const checkpoint = page.getByTestId('latent-checkpoint')
  await expect(checkpoint).toHaveValue(/best/i)
  await checkpoint.click()
  await page.getByRole('option', { name: 'Newest (epoch 4)' }).click()
  await expect(checkpoint).toHaveValue(/Newest \(epoch 4\)/)
  const face = page.getByTestId('latent-face')
  await expect(face).toHaveAttribute('data-frames', /^[1-9]/, { timeout: 60_000 })
  const first = await pixelsOf(face)

  await dragSlider(page, page.getByRole('slider', { name: 'Direction 1' }), 0.98)
  await expect.poll(() => pixelsOf(face), { message: 'the face changes while direction 1 moves' }).not.toBe(first)
  const moved = await pixelsOf(face)

  await dragSlider(page, page.getByRole('slider', { name: 'Truncation' }), 0)
  await expect.poll(() => pixelsOf(face), { message: 'truncation towards the mean changes the face' }).not.toBe(moved)

  // a second face makes a path; the position slider travels between them
  await page.getByRole('button', { name: 'Add gallery face 2', exact: true }).click()
  await expect(page.getByTestId('keyframes')).toContainText('Gallery face 2')
  // the gallery is one tab stop, walked with the arrow keys
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('button', { name: 'Add gallery face 3', exact: true })).toBeFocused()
  await expect(page.getByRole('button', { name: 'Add gallery face 3', exact: true })).toHaveAttribute('tabindex', '0')
  await expect(page.getByRole('button', { name: 'Add gallery face 2', exact: true })).toHaveAttribute('tabindex', '-1')
  await dragSlider(page, page.getByRole('slider', { name: 'Truncation' }), 1)
  const atSecond = await pixelsOf(face)
  await dragSlider(page, page.getByRole('slider', { name: 'Position along the path' }), 0.5)
  await expect.poll(() => pixelsOf(face), { message: 'the face moves along the path' }).not.toBe(atSecond)

  await page.getByLabel('Name this face').fill('Halfway there')
  await page.getByRole('button', { name: 'Pin face' }).click()
  await expect(page.getByTestId('pinned-face-name')).toHaveText(['Halfway there'])
  await expect(page.getByTestId('pinned-face').getByRole('img', { name: 'Halfway there' })).toBeVisible()

  // the path saves as a GIF: 4 frames from face 1 towards face 2, then face 2, each as the live face shows it (direction 1 moved).
  // This briefly trained generator draws near-uniform faces, so the frames are only compared within the GIF palette's rounding.
  await page.getByLabel('Frames between faces').fill('4')
  await page.getByLabel('Frames per second').fill('10')
  await expect(page.getByTestId('path-gif-summary')).toContainText('5 frames, 0.5 s')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save path as GIF' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/-epoch-4-path\.gif$/)
  const gif = readFileSync(await download.path())
  const imageSize = Number(run.config.imageSize)
  const scale = Math.ceil(256 / imageSize)
  expect(parseGif(gif)).toMatchObject({ frames: 5, loops: true, width: imageSize * scale, height: imageSize * scale })
  expect((await sharp(gif).metadata()).delay).toEqual([100, 100, 100, 100, 100])
  const frames = await gifFrames(gif, scale)
  for (const [keyframe, frame] of [
    ['Gallery face 1', frames[0]!],
    ['Gallery face 2', frames[4]!],
  ] as const) {
    await page.getByRole('button', { name: `Go to ${keyframe}` }).click()
    await expect
      .poll(async () => meanDifference(await rgbOf(face), frame), {
        message: `the GIF starts/ends on ${keyframe} as the live face draws it`,
      })
      .toBeLessThan(3)
  }

  // kept: after a reload, and on the Compare page next to another run
  await trainedRun(dataset.id, 1, 6)
  await page.reload()
  await expect(page.getByTestId('pinned-face-name')).toHaveText(['Halfway there'])
  // the path and the direction slider as they were left, for this run
  await expect(page.getByTestId('keyframes')).toContainText('Gallery face 2')
  await expect(page.getByRole('slider', { name: 'Direction 1' })).not.toHaveAttribute('aria-valuenow', '0')
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Compare', exact: true }).click()
  const pinned = page.getByTestId('compare-pinned-faces').filter({ hasText: `#${run.id} ` })
  await expect(pinned.getByRole('img', { name: 'Halfway there' })).toBeVisible()
})
