import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

/** How the tests (and the UI benchmarks) start Chromium: headless, no GPU, nothing from the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
]

/** CHROMIUM_PATH, then a system Chromium or Chrome, then Playwright's own download where one exists. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.CHROMIUM_PATH, ...SYSTEM_BROWSERS, playwrightsOwn()].filter((path): path is string => !!path)
  const found = candidates.find((path) => existsSync(path))
  if (!found) {
    throw new Error(
      'No Chromium found for the end-to-end tests: install one (Debian: `apt-get install chromium`) or set CHROMIUM_PATH to a Chrome/Chromium binary.',
    )
  }
  return found
}

function playwrightsOwn(): string | undefined {
  try {
    return chromium.executablePath()
  } catch {
    return undefined
  }
}
