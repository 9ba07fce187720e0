import { bridgeValue, callBridge } from './bridge-client'
import { expect, test } from './fixtures'
import { startStudio } from './studio-server'

/** Each section, what it shows on first open, and where it leads when it needs a run first. */
const PAGES = [
  ['Datasets', 'No datasets yet', null],
  ['Runs', 'No runs yet', null],
  ['Compare', 'Nothing to compare yet', 'Go to runs'],
  ['Latent studio', 'No trained generator yet', 'Go to runs'],
  ['Export', 'Nothing to export yet', 'Go to runs'],
  ['Device', 'Backend in use', null],
] as const

test('the app loads, with its icon and no failed request, and every page is reachable from the navigation', async ({
  page,
  studio,
}) => {
  const failed: string[] = []
  page.on('response', (response) => response.status() >= 400 && failed.push(`${response.status()} ${response.url()}`))
  const icon = page.waitForResponse((response) => new URL(response.url()).pathname === '/favicon.svg')
  await page.goto(studio.url)
  await expect(page.getByRole('heading', { name: 'DCGAN Studio' })).toBeVisible()
  expect((await icon).headers()['content-type']).toBe('image/svg+xml')
  for (const [link, marker, action] of PAGES) {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: link, exact: true }).click()
    await expect(page.getByText(marker, { exact: true }).first()).toBeVisible()
    // every section has its title, empty or not
    await expect(page.getByRole('heading', { level: 2, name: link, exact: true })).toBeVisible()
    if (action)
      await expect(page.getByRole('main').getByRole('link', { name: action, exact: true })).toHaveAttribute(
        'href',
        '#/runs',
      )
  }
  expect(failed).toEqual([])
})

test('the Device panel shows the backend actually in use', async ({ page, studio }) => {
  const { backend, device, kernels } = await bridgeValue(studio, 'device.report', {})
  await page.goto(`${studio.url}#/device`)
  await expect(page.getByTestId('device-backend')).toHaveText(backend)
  await expect(page.getByTestId('device-name')).toContainText(device)
  // where the native kernels run the convolutions the badge says so too
  await expect(page.getByTestId('backend-badge')).toHaveText(
    kernels?.kind === 'native' ? `${backend} · oneDNN` : backend,
  )
  if (backend !== 'tensorflow') await expect(page.getByTestId('unavailable-tensorflow')).toContainText(/tfjs-node/)
})

test('the theme switches between light and dark', async ({ page, studio }) => {
  await page.goto(studio.url)
  const html = page.locator('html')
  const before = await html.getAttribute('data-mantine-color-scheme')
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click()
  await expect(html).not.toHaveAttribute('data-mantine-color-scheme', before!)
})

test('a contract call with bad arguments comes back VALIDATION, from the page itself', async ({ page, studio }) => {
  await page.goto(studio.url)
  const reply = await page.evaluate(
    async (url) => {
      const ws = new WebSocket(url)
      await new Promise((resolve) => (ws.onopen = resolve))
      ws.send(JSON.stringify({ type: 'call', id: 1, channel: 'device.report', args: { sneaky: '../../etc/passwd' } }))
      return new Promise((resolve) => (ws.onmessage = (event) => resolve(JSON.parse(String(event.data)))))
    },
    `${studio.url.replace('http', 'ws')}bridge`,
  )
  expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
})

test('the image protocol refuses traversal attempts', async ({ request, studio }) => {
  for (const path of [
    'media/..%2f..%2fstudio.sqlite',
    'media/%2e%2e/studio.sqlite',
    'media/thumb-1/../../studio.sqlite',
    'media/thumb-0',
    '..%2fstudio.sqlite',
  ]) {
    const response = await request.get(studio.url + path)
    expect(response.status(), path).toBe(404)
  }
})

test('on loopback too, the studio needs its token: refused without it, opened in one click by the printed link', async ({
  browser,
  studio,
}) => {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    expect((await page.goto(studio.url))?.status()).toBe(401)
    await expect(callBridge(`${studio.url.replace('http', 'ws')}bridge`, 'app.info', {})).rejects.toThrow(/403/)

    await page.goto(`${studio.link}#/device`)
    expect(page.url()).toBe(`${studio.url}#/device`)
    await expect(page.getByTestId('device-backend')).not.toBeEmpty()
    const [cookie] = await context.cookies()
    expect(cookie).toMatchObject({ name: 'studio_token', value: studio.token, httpOnly: true, sameSite: 'Strict' })
  } finally {
    await context.close()
  }
})

test('bound beyond loopback, the bridge refuses a connection without the token', async ({ page }) => {
  const studio = await startStudio({ host: '0.0.0.0' })
  try {
    expect(studio.token).toBeTruthy()
    const port = new URL(studio.url).port
    const bare = `http://127.0.0.1:${port}/`
    const refused = await page.goto(bare)
    expect(refused?.status()).toBe(401)
    await expect(callBridge(`ws://127.0.0.1:${port}/bridge`, 'app.info', {})).rejects.toThrow(/403/)

    await page.goto(`${bare}?token=${studio.token}`)
    await expect(page.getByRole('heading', { name: 'DCGAN Studio' })).toBeVisible()
    await page.getByRole('link', { name: 'Device', exact: true }).click()
    await expect(page.getByTestId('device-backend')).not.toBeEmpty()
  } finally {
    await studio.stop()
  }
})
