import { test as base } from '@playwright/test'
import { startStudio, type RunningStudio } from './studio-server'

/** `studio`: one real `dcgan-studio serve` per test file, with its own data folder. */
export const test = base.extend<object, { studio: RunningStudio }>({
  studio: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
    async ({}, use) => {
      const studio = await startStudio()
      await use(studio)
      await studio.stop()
    },
    { scope: 'worker' },
  ],
})

export { expect } from '@playwright/test'
