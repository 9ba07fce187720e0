import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

/**
 * A worker_threads Worker for an entry URL. From source (tests, tsx) the entry is a .ts file: tsx's
 * ESM loader is registered inside the worker first, then the entry is imported.
 */
export function spawnWorker(url: URL): Worker {
  if (url.pathname.endsWith('.ts')) {
    const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'))
    const tsxApi = pathToFileURL(join(tsxRoot, 'dist', 'esm', 'api', 'index.mjs')).href
    const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}) })`
    return new Worker(code, { eval: true })
  }
  return new Worker(url)
}
