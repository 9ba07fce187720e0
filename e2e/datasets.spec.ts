import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import sharp from 'sharp'
import { expect, test } from './fixtures'

/** The photos that ship with the studio (64 Caltech faces, 160 px, and their licence NOTICE). */
const SAMPLE_FACES = join(import.meta.dirname, '../resources/sample-faces')
const FACES = readdirSync(SAMPLE_FACES)
  .filter((file) => file.endsWith('.jpg'))
  .sort()
const scratch = mkdtempSync(join(tmpdir(), 'studio-e2e-folders-'))
test.afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function importThroughUi(page: Page, folder: string, name: string) {
  await page.getByRole('button', { name: 'Import a folder…' }).first().click()
  await page.getByLabel('Folder on the studio machine').fill(folder)
  await page.getByRole('button', { name: 'Use this folder' }).click()
  await page.getByLabel('Dataset name').fill(name)
  await page.getByRole('button', { name: 'Import', exact: true }).click()
}

test('"Try with sample faces" imports the photos that ship with the studio in one click', async ({ page, studio }) => {
  await page.goto(`${studio.url}#/datasets`)
  await page.getByRole('button', { name: 'Try with sample faces' }).first().click()
  await page.getByRole('link', { name: 'Open the dataset' }).click({ timeout: 60_000 })
  await expect(page.getByRole('heading', { name: 'Sample faces' })).toBeVisible()
  await expect(page.getByTestId('dataset-image-count')).toHaveText('64')
  await expect(page.getByText('64 used for training')).toBeVisible()
  // their licence NOTICE is not offered as a photo, so nothing is rejected
  await expect(page.getByTestId('rejected-files')).toHaveCount(0)
  const face = page.getByRole('button', { name: `Exclude ${FACES[0]}` }).locator('img')
  await expect(face).toBeVisible()
  // the photo itself arrived (this tsconfig has no DOM types, hence the structural type)
  await expect.poll(() => face.evaluate((image: { naturalWidth: number }) => image.naturalWidth)).toBeGreaterThan(0)
})

test('importing a folder of face photos through the UI shows every photo', async ({ page, studio }) => {
  await page.goto(`${studio.url}#/datasets`)
  await importThroughUi(page, SAMPLE_FACES, 'Caltech faces')
  await page.getByRole('link', { name: 'Open the dataset' }).click({ timeout: 60_000 })
  await expect(page.getByTestId('dataset-image-count')).toHaveText('64')
  await expect(page.getByTestId('thumbnail').first()).toBeVisible()
  await expect(page.getByTestId('rejected-files')).toContainText('NOTICE')
})

test('a folder seeded with bad files shows each rejection reason, and imports the rest', async ({ page, studio }) => {
  const folder = join(scratch, 'seeded')
  mkdirSync(folder)
  for (const [index, file] of FACES.slice(0, 3).entries())
    copyFileSync(join(SAMPLE_FACES, file), join(folder, `face-${index}.jpg`))
  writeFileSync(join(folder, 'empty.jpg'), '')
  writeFileSync(join(folder, 'notes.jpg'), 'just some text, renamed')
  writeFileSync(
    join(folder, 'vector.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>',
  )
  writeFileSync(
    join(folder, 'tiny.png'),
    await sharp({ create: { width: 16, height: 16, channels: 3, background: '#884422' } })
      .png()
      .toBuffer(),
  )
  const whole = await sharp(join(SAMPLE_FACES, FACES[3]!)).jpeg().toBuffer()
  writeFileSync(join(folder, 'cut.jpg'), whole.subarray(0, Math.floor(whole.length / 2)))

  await page.goto(`${studio.url}#/datasets`)
  await importThroughUi(page, folder, 'Seeded')
  await page.getByRole('link', { name: 'Open the dataset' }).click({ timeout: 60_000 })
  await expect(page.getByTestId('dataset-image-count')).toHaveText('3')
  const rejected = page.getByTestId('rejected-files')
  const reasons: [string, string][] = [
    ['empty.jpg', 'The file is empty (0 bytes).'],
    ['notes.jpg', 'The file is not an image.'],
    ['vector.svg', 'SVG vector images are not imported'],
    ['tiny.png', 'The image is too small.'],
    ['cut.jpg', 'truncated'],
  ]
  for (const [file, reason] of reasons) {
    await expect(rejected.getByRole('row').filter({ hasText: file })).toContainText(reason)
  }
})

test('cancelling a large import leaves nothing behind', async ({ page, studio }) => {
  const folder = join(scratch, 'large')
  mkdirSync(folder)
  // photos about as large as phone crops, so the import is still running when Cancel is clicked
  const large = await Promise.all(
    FACES.map((file) => sharp(join(SAMPLE_FACES, file)).resize(400, 400, { fit: 'inside' }).jpeg().toBuffer()),
  )
  for (let copy = 0; copy < 54; copy++)
    for (const [index, jpeg] of large.entries()) writeFileSync(join(folder, `${copy}-${index}.jpg`), jpeg)

  await page.goto(`${studio.url}#/datasets`)
  // the import button shows once the list has loaded: count the cards only then
  await expect(page.getByRole('button', { name: 'Import a folder…' }).first()).toBeVisible()
  const before = await page.getByTestId('dataset-card').count()
  await importThroughUi(page, folder, 'Too large')
  const progress = page.getByTestId('import-progress')
  await expect(progress).toContainText(/ \/ 3,?456/)
  await progress.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByText('Import cancelled', { exact: true })).toBeVisible()
  await expect(page.getByTestId('dataset-card')).toHaveCount(before)
  await expect(page.getByText('Too large')).toHaveCount(0)
  const datasetsDir = join(studio.dataDir, 'datasets')
  const leftovers = readdirSync(datasetsDir).filter((entry) => entry.includes('partial'))
  expect(leftovers).toEqual([])
  expect(readdirSync(datasetsDir)).toHaveLength(before)
})

test("moving a photo's crop rebuilds its thumbnail from the original", async ({ page, studio }) => {
  const folder = join(scratch, 'wide')
  mkdirSync(folder)
  copyFileSync(join(SAMPLE_FACES, FACES[0]!), join(folder, 'face.jpg'))
  const red = await sharp({ create: { width: 48, height: 48, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer()
  const halves = sharp({ create: { width: 96, height: 48, channels: 3, background: '#0000ff' } }).composite([
    { input: red, left: 0, top: 0 },
  ])
  writeFileSync(join(folder, 'halves.png'), await halves.png().toBuffer())

  await page.goto(`${studio.url}#/datasets`)
  await importThroughUi(page, folder, 'Wide')
  await page.getByRole('link', { name: 'Open the dataset' }).click({ timeout: 60_000 })
  const cell = page.getByRole('button', { name: 'Exclude halves.png' })
  await cell.focus()
  await page.getByRole('button', { name: 'Move the crop…' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByRole('img', { name: 'The original of halves.png' })).toBeVisible()
  await dialog.getByRole('slider', { name: 'Horizontal position' }).focus()
  await page.keyboard.press('Home')
  await dialog.getByRole('button', { name: 'Save crop' }).click()
  await expect(dialog).toBeHidden()

  const thumbnail = cell.locator('img')
  await expect(thumbnail).toHaveAttribute('src', /crop=0\.0000,0\.5000/)
  const png = await (await page.request.get(new URL((await thumbnail.getAttribute('src'))!, studio.url).href)).body()
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true })
  const middle = ((info.height / 2) * info.width + info.width / 2) * info.channels
  const centre = Array.from(data.subarray(middle, middle + 3))
  expect(centre).toEqual([255, 0, 0])
})

test('a demo dataset made from the UI says why its crops cannot be moved', async ({ page, studio }) => {
  await page.goto(`${studio.url}#/datasets`)
  await page.getByRole('button', { name: 'Make a demo dataset' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'Make a demo dataset' })
  await dialog.getByLabel('Name').fill('Demo crops')
  await dialog.getByLabel('Faces').fill('16')
  await dialog.getByRole('button', { name: 'Make dataset' }).click()
  await page.getByRole('link', { name: 'Open the dataset' }).click({ timeout: 60_000 })
  await expect(page.getByTestId('dataset-image-count')).toHaveText('16')
  const moveCrop = page.getByRole('button', { name: 'Move the crop…' })
  await expect(moveCrop).toBeDisabled()
  await expect(moveCrop).toHaveAccessibleDescription(
    /Demo faces are drawn for the import and not kept.*only be moved while the original photos exist/,
  )
})

test('a photo excluded from training comes back with Undo, and the dataset is renamed in place', async ({
  page,
  studio,
}) => {
  const folder = join(scratch, 'two')
  mkdirSync(folder)
  for (const file of FACES.slice(0, 2)) copyFileSync(join(SAMPLE_FACES, file), join(folder, file))

  await page.goto(`${studio.url}#/datasets`)
  await importThroughUi(page, folder, 'Two faces')
  await page.getByRole('link', { name: 'Open the dataset' }).click({ timeout: 60_000 })
  const photo = page.getByRole('button', { name: `Exclude ${FACES[1]}` })
  await photo.click()
  await expect(photo).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('dataset-excluded-count')).toHaveText('1')
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(photo).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByTestId('dataset-excluded-count')).toHaveText('0')

  await page.getByRole('button', { name: 'Rename' }).click()
  await page.getByRole('textbox', { name: 'Dataset name' }).fill('Two portraits')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('heading', { name: 'Two portraits' })).toBeVisible()
  await page.getByRole('link', { name: '← All datasets' }).click()
  await expect(page.getByTestId('dataset-card').filter({ hasText: 'Two portraits' })).toHaveCount(1)
})

test('a duplicate is left out of training, says which photo it copies, and comes back with "Include all duplicates"', async ({
  page,
  studio,
}) => {
  const folder = join(scratch, 'copies')
  mkdirSync(folder)
  for (const file of FACES.slice(0, 2)) copyFileSync(join(SAMPLE_FACES, file), join(folder, file))
  copyFileSync(join(SAMPLE_FACES, FACES[0]!), join(folder, 'z-copy.jpg'))

  await page.goto(`${studio.url}#/datasets`)
  await importThroughUi(page, folder, 'With a copy')
  await page.getByRole('link', { name: 'Open the dataset' }).click({ timeout: 60_000 })
  await expect(page.getByTestId('dataset-image-count')).toHaveText('3')
  await expect(page.getByText('2 used for training')).toBeVisible()
  const copy = page.getByRole('button', { name: `Exclude z-copy.jpg (duplicate of ${FACES[0]})` })
  await expect(copy).toHaveAttribute('aria-pressed', 'true')
  await expect(copy).toContainText(`duplicate of ${FACES[0]}`)

  await page.getByRole('button', { name: 'Include all duplicates' }).click()
  await expect(page.getByText('3 used for training')).toBeVisible()
  await expect(page.getByTestId('dataset-excluded-count')).toHaveText('0')
  await expect(copy).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByRole('button', { name: 'Exclude all duplicates' })).toBeVisible()
})

test('in browser mode, dropping photos on the page says the browser cannot hand them over and asks for the folder path', async ({
  page,
  studio,
}) => {
  await page.goto(`${studio.url}#/datasets`)
  const heading = page.getByRole('heading', { name: 'Datasets', exact: true })
  // A string, as this tsconfig has no DOM types: two photo files, as a file manager would drag them.
  const dataTransfer = await page.evaluateHandle(
    "(() => { const t = new DataTransfer(); for (const name of ['a.jpg', 'b.jpg']) t.items.add(new File(['x'], name, { type: 'image/jpeg' })); return t })()",
  )
  await heading.dispatchEvent('dragenter', { dataTransfer })
  await expect(
    page.getByText('Drop one folder of face photos, or any number of photo files, not both together.'),
  ).toBeVisible()
  await heading.dispatchEvent('drop', { dataTransfer })
  const dialog = page.getByRole('dialog', { name: 'Import a folder' })
  await expect(dialog.getByRole('alert')).toContainText('The browser cannot hand the studio dropped files or folders')
  await expect(dialog.getByLabel('Folder on the studio machine')).toBeVisible()
})
