// Renderer tests that ask for `// @vitest-environment jsdom` get a browser-like window and a fake window.studio;
// the main-process tests, in Node, load none of it.
if (typeof window !== 'undefined') await import('./jsdom-setup')

export {}
