import { readFileSync } from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import { parseGif } from '../src-main/services/exports/gif'
import { expect, test } from './fixtures'

const FACES = 48

async function makeDemoDataset(page: Page, url: string, name: string) {
  await page.goto(`${url}#/datasets`)
  await page.getByRole('button', { name: 'Make a demo dataset' }).first().click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Name').fill(name)
  await dialog.getByLabel('Faces').fill(String(FACES))
  await dialog.getByRole('button', { name: /make|create|draw/i }).click()
  await expect(page.getByRole('link', { name: 'Open the dataset' })).toBeVisible({ timeout: 60_000 })
}

/** The pre-flight figures for the form's current settings (not the dimmed ones of the previous settings). */
async function expectEstimate(dialog: Locator, { stepsPerEpoch, epochs }: { stepsPerEpoch: number; epochs: number }) {
  const preflight = dialog.getByTestId('preflight')
  await expect(preflight).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 })
  const figures = preflight.getByTestId('preflight-figures')
  await expect(figures).toContainText(`${stepsPerEpoch} steps ×`)
  await expect(figures).toContainText(`${epochs} epochs`)
  for (const label of ['Per epoch', 'In total', 'Peak memory', 'Disk']) await expect(figures).toContainText(label)
  await expect(figures).toContainText(/\d+(\.\d)? MB/)
}

test('a quick run from the UI: estimate, live plot, epoch grids, pause and resume, a face timeline, compare, delete, resume from a checkpoint', async ({
  page,
  studio,
}) => {
  await makeDemoDataset(page, studio.url, 'Demo for runs')

  // A new run: the estimate appears before starting, for the dataset and preset picked.
  await page.goto(`${studio.url}#/runs`)
  await page.getByRole('button', { name: 'New run' }).first().click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('combobox', { name: 'Dataset' }).click()
  await page.getByRole('option', { name: /Demo for runs/ }).click()
  await dialog.getByRole('combobox', { name: 'Preset' }).click()
  await page.getByRole('option', { name: 'quick', exact: true }).click()
  // Enough epochs that it is still training when paused and stopped below.
  await dialog.getByLabel('Epochs').fill('500')
  await dialog.getByLabel('Seed').fill('7')
  await dialog.getByLabel('Name').fill('First run')
  await expectEstimate(dialog, { stepsPerEpoch: FACES / 16, epochs: 500 })
  await dialog.getByRole('button', { name: 'Start training' }).click()
  await expect(dialog).toBeHidden()
  // Start opens the run's page: its progress, then its faces on the first screen, the curves below them.
  await expect(page).toHaveURL(/#\/runs\/\d+$/)
  await expect(page.getByRole('heading', { name: 'First run' })).toBeVisible()
  await expect(page.getByTestId('run-status').first()).toHaveText(/running/i)
  const progress = page.getByRole('progressbar', { name: 'Training progress of First run' })
  await expect(progress).toHaveAttribute(
    'aria-valuetext',
    /epoch \d+ of 500, step \d+ of 1,?500, \d+ (s|min|h).* left/,
    { timeout: 90_000 },
  )
  const grid = page.getByTestId('epoch-grid')
  await expect(grid).toBeInViewport({ timeout: 30_000 })
  const plot = page.getByTestId('loss-plot').first()
  expect((await grid.boundingBox())!.y).toBeLessThan((await plot.boundingBox())!.y)
  // The shell says a job is running, on every page, and leads back to it.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Compare', exact: true }).click()
  await expect(page.getByTestId('running-jobs')).toHaveText('1 running')
  await page.getByTestId('running-jobs').click()
  await page.getByRole('menuitem', { name: /First run/ }).click()
  await expect(page.getByRole('heading', { name: 'First run' })).toBeVisible()
  const first = page.getByTestId('run-row').filter({ hasText: 'First run' })

  // At 900 px wide the runs table keeps epoch, ETA, losses and the controls on screen, and the sections fold away.
  await page.setViewportSize({ width: 900, height: 720 })
  await page.goto(`${studio.url}#/runs`)
  for (const cell of [
    first.getByText(/^\d+ \/ 500$/),
    first.getByTestId('run-eta'),
    first.getByText(/^D \S+ · G \S+$/),
    first.getByRole('button', { name: 'Pause' }),
    first.getByRole('button', { name: 'Stop' }),
    first.getByRole('button', { name: 'More actions for First run' }),
  ]) {
    await expect(cell).toBeInViewport({ ratio: 1 })
  }
  // and the page itself does not scroll sideways
  const { scrollWidth, clientWidth } = await page.locator('html').evaluate((html) => {
    const { scrollWidth, clientWidth } = html as unknown as { scrollWidth: number; clientWidth: number }
    return { scrollWidth, clientWidth }
  })
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth)
  const sections = page.getByRole('navigation', { name: 'Sections' })
  await page.getByRole('button', { name: 'Hide the sections' }).click()
  await expect(sections).not.toBeInViewport()
  await page.getByRole('button', { name: 'Show the sections' }).click()
  await expect(sections).toBeInViewport()
  await page.setViewportSize({ width: 1280, height: 720 })
  await first.getByRole('link', { name: 'First run' }).click()

  await expect(plot).toHaveAttribute('data-points', /^[1-9]\d*$/)
  const pointsBefore = Number(await plot.getAttribute('data-points'))
  await expect
    .poll(async () => Number(await plot.getAttribute('data-points')), { timeout: 30_000 })
    .toBeGreaterThan(pointsBefore)
  await page.getByText('By epoch', { exact: true }).click()
  await expect(plot).toHaveAttribute('data-axis', 'epoch')
  await expect(plot.locator('.u-legend').first()).toContainText('epoch')
  // hovering reads the values under the pointer
  const over = (await plot.locator('.u-over').first().boundingBox())!
  await page.mouse.move(over.x + over.width / 2, over.y + over.height / 2)
  await expect(plot.locator('.u-legend').first().locator('.u-series').nth(1).locator('.u-value')).toHaveText(
    /^-?\d+(\.\d{4})?$/,
  )

  await expect(grid).toBeVisible()
  await expect.poll(async () => Number(await grid.getAttribute('data-epoch')), { timeout: 30_000 }).toBeGreaterThan(0)
  await expect(grid.locator('img')).toHaveCount(64)

  const status = page.getByTestId('run-status').first()
  await page.getByRole('button', { name: 'Pause' }).first().click()
  await expect(status).toHaveText(/paused/i)
  await page.getByRole('button', { name: 'Resume' }).first().click()
  await expect(status).toHaveText(/running/i)

  await grid.getByRole('button', { name: 'Face 5: show it across epochs' }).click()
  const timeline = page.getByTestId('face-timeline')
  await expect(timeline).toHaveAttribute('data-cell', '4')
  await expect(timeline.locator('img').first()).toBeVisible()

  await page.getByRole('button', { name: 'Stop' }).first().click()
  await expect(status).toHaveText(/stopped/i, { timeout: 30_000 })

  // Stopped, its epochs are final: the scrubber steps through every one of them, none skipped...
  const epochs = await timeline.locator('img').count()
  const scrubber = page.getByRole('slider', { name: 'Epoch' })
  await expect(scrubber).toHaveAttribute('aria-valuemax', String(epochs - 1))
  await scrubber.focus()
  await page.keyboard.press('Home')
  await expect(page.getByTestId('gallery-epoch')).toHaveText('Epoch 0')
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('gallery-epoch')).toHaveText('Epoch 1')
  await expect(grid).toHaveAttribute('data-epoch', '1')
  // The health panel says how training goes; a face's closest training photo comes by media id and loads.
  await expect(page.getByTestId('health-panel')).toContainText('Training health')
  await page.getByRole('button', { name: 'Closest training photo' }).click()
  const closest = page.getByTestId('closest-photo')
  await expect(closest).toContainText(/Distance \d\.\d{3}/)
  await expect
    .poll(() =>
      closest
        .getByAltText('Closest training photo')
        .evaluate((image) => (image as { naturalWidth: number }).naturalWidth),
    )
    .toBeGreaterThan(0)
  // ...and the grid over epochs and this face's timeline save as looping GIFs with a frame per epoch.
  for (const [button, fileName] of [
    [page.getByRole('button', { name: 'Save as GIF' }).first(), 'First-run-epochs.gif'],
    [timeline.getByRole('button', { name: 'Save as GIF' }), 'First-run-face-5.gif'],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()])
    expect(download.suggestedFilename()).toBe(fileName)
    expect(parseGif(readFileSync(await download.path()))).toMatchObject({ frames: epochs, loops: true })
  }

  // Its settings duplicated into a second run with a smaller batch: re-estimated, then trained to the end.
  await page.goto(`${studio.url}#/runs`)
  await page.getByRole('button', { name: 'More actions for First run' }).click()
  await page.getByRole('menuitem', { name: 'Duplicate settings…' }).click()
  await expect(dialog.getByLabel('Name')).toHaveValue('First run (copy)')
  await expect(dialog.getByLabel('Seed')).toHaveValue('7')
  await expect(dialog.getByLabel('Batch size')).toHaveValue('16')
  await dialog.getByLabel('Name').fill('Second run')
  await dialog.getByLabel('Epochs').fill('2')
  await dialog.getByLabel('Batch size').fill('8')
  await expectEstimate(dialog, { stepsPerEpoch: FACES / 8, epochs: 2 })
  await dialog.getByRole('button', { name: 'Start training' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('heading', { name: 'Second run' })).toBeVisible()
  await expect(status).toHaveText(/finished/i, { timeout: 60_000 })
  await expect(page.getByRole('progressbar', { name: 'Training progress of Second run' })).toHaveAttribute(
    'aria-valuenow',
    '100',
  )

  // Compare shows the two newest: the batch size differs (highlighted), the latent size does not; they share a seed.
  await page.goto(`${studio.url}#/compare`)
  const settings = page.getByTestId('compare-settings')
  const batchRow = settings.getByTestId('differs').filter({ hasText: 'batchSize' })
  await expect(batchRow.getByRole('cell')).toHaveText(['batchSize', '8', '16'])
  await expect(settings.getByRole('row').filter({ hasText: 'zDim' })).not.toHaveAttribute('data-testid', 'differs')
  await expect(page.getByTestId('same-seed')).toContainText('seed 7')
  await expect(page.getByTestId('compare-grid')).toHaveCount(2)

  await page.goto(`${studio.url}#/runs`)
  await page.getByRole('button', { name: 'More actions for Second run' }).click()
  await page.getByRole('menuitem', { name: 'Delete…' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click()
  await expect(page.getByText(/\d+(\.\d)? (KB|MB) freed/)).toBeVisible()
  await expect(page.getByTestId('run-row').filter({ hasText: 'Second run' })).toHaveCount(0)
  await expect(first).toHaveCount(1)

  // The first run resumed from its oldest kept checkpoint, discarding what came after it.
  await first.getByRole('link', { name: 'First run' }).click()
  const oldest = page
    .getByTestId('checkpoints')
    .getByRole('button', { name: /^Resume from epoch \d+$/ })
    .first()
  const label = (await oldest.getAttribute('aria-label'))!
  await oldest.click()
  const resume = page.getByRole('dialog', { name: `${label.replace('Resume', 'Resume "First run"')}?` })
  await expect(resume).toContainText('What came after it is discarded')
  await resume.getByRole('button', { name: label }).click()
  await expect(resume).toBeHidden()
  await expect(status).toHaveText(/running/i)
  await page.getByRole('button', { name: 'Stop' }).first().click()
  await expect(status).toHaveText(/stopped/i, { timeout: 30_000 })
})
