import { test as base } from '@playwright/test'
import { startStudio, type RunningStudio } from './studio-server'

/**
 * The studio of the test file running in this worker. A worker runs files one after another and keeps its
 * worker fixtures between them, so the studio is swapped when the file changes: no file sees another's data.
 */
class StudioPerFile {
  #current: { file: string; studio: RunningStudio } | null = null

  async for(file: string): Promise<RunningStudio> {
    if (this.#current?.file === file) return this.#current.studio
    await this.stop()
    this.#current = { file, studio: await startStudio() }
    return this.#current.studio
  }

  async stop(): Promise<void> {
    const current = this.#current
    this.#current = null
    await current?.studio.stop()
  }
}

/**
 * `studio`: one real `dcgan-studio serve` per test file, with its own data folder. `page` and `request` have
 * opened the link it printed (as a user does), so they hold its access cookie and can use `studio.url`.
 */
export const test = base.extend<{ studio: RunningStudio }, { studios: StudioPerFile }>({
  studios: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
    async ({}, use) => {
      const studios = new StudioPerFile()
      await use(studios)
      await studios.stop()
    },
    { scope: 'worker' },
  ],
  studio: async ({ studios }, use, testInfo) => use(await studios.for(testInfo.file)),
  page: async ({ page, studio }, use) => {
    await page.goto(studio.link, { waitUntil: 'commit' })
    await use(page)
  },
  request: async ({ request, studio }, use) => {
    await request.get(studio.link)
    await use(request)
  },
})

export { expect } from '@playwright/test'
