import type { Locator } from '@playwright/test'
import { expect, test } from './fixtures'

test('a newcomer gets from first open to a live run on the sample faces in three clicks', async ({ page, studio }) => {
  let clicks = 0
  const click = async (target: Locator) => {
    await target.click()
    clicks++
  }

  // first open: the studio's own page, nothing imported yet
  await page.goto(studio.url)
  await expect(page.getByRole('heading', { name: 'No datasets yet' })).toBeVisible()

  await click(page.getByRole('button', { name: 'Try with sample faces' }).first())
  // the photos that ship with the studio are imported, and the next step is on the same page
  await click(page.getByRole('button', { name: 'New run' }))
  const dialog = page.getByRole('dialog', { name: 'New run' })
  await expect(dialog.getByRole('combobox', { name: 'Dataset' })).toHaveValue(/^Sample faces · 64 images/)
  await click(dialog.getByRole('button', { name: 'Start training' }))

  // the run's page: its progress, and its faces on the first screen, drawn again as epochs end
  await expect(page).toHaveURL(/#\/runs\/\d+$/)
  await expect(page.getByTestId('run-status').first()).toHaveText(/running/i)
  await expect(page.getByRole('progressbar', { name: /^Training progress of / })).toHaveAttribute(
    'aria-valuetext',
    /epoch \d+ of \d+, step \d+ of/,
    {
      timeout: 90_000,
    },
  )
  const grid = page.getByTestId('epoch-grid')
  await expect(grid).toBeInViewport({ timeout: 90_000 })
  await expect.poll(async () => Number(await grid.getAttribute('data-epoch')), { timeout: 90_000 }).toBeGreaterThan(0)
  await expect(grid.locator('img')).toHaveCount(64)
  // this tsconfig has no DOM types, hence the structural type
  await expect
    .poll(() =>
      grid
        .locator('img')
        .first()
        .evaluate((image: { naturalWidth: number }) => image.naturalWidth),
    )
    .toBeGreaterThan(0)
  expect(clicks).toBe(3)

  await page.getByRole('button', { name: 'Stop' }).first().click()
  await expect(page.getByTestId('run-status').first()).toHaveText(/stopped/i, { timeout: 30_000 })
})
