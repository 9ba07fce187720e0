import { test as base } from '@playwright/test'
import { startStudio, type RunningStudio } from './studio-server'

/**
 * `studio`: one real `dcgan-studio serve`, with its own data folder, per spec file. Playwright reuses a
 * worker (and its worker fixtures) across files; a worker-scoped option with a value of its own in each
 * file (`test.use({ specFile: ... })`) makes it start a fresh worker, so no file sees another's data.
 */
export const test = base.extend<object, { specFile: string; studio: RunningStudio }>({
  specFile: ['', { scope: 'worker', option: true }],
  studio: [
    async ({ specFile: _specFile }, use) => {
      const studio = await startStudio()
      await use(studio)
      await studio.stop()
    },
    { scope: 'worker' },
  ],
})

export { expect } from '@playwright/test'
