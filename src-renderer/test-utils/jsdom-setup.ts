import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'
import { fakeStudio, fakeStudioApi } from './fakeStudio'

// What Mantine needs from a browser that jsdom lacks (as in Mantine's own vitest setup).
window.matchMedia = (query: string) =>
  ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }) as MediaQueryList
window.ResizeObserver = class {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.HTMLElement.prototype.scrollIntoView = () => {}
// Textarea's autosize listens for web fonts loading.
Object.defineProperty(document, 'fonts', {
  value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
})

// Before any component imports src-renderer/studio.ts, which takes window.studio when there is one.
window.studio = fakeStudioApi

afterEach(() => {
  cleanup()
  fakeStudio.reset()
  // What pages remember per run must not leak from one test into the next.
  localStorage.clear()
})
