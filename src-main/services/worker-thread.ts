import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * Starts a worker_threads worker. From source (tests, tsx) the entry is TypeScript: the worker first
 * registers tsx's ESM loader, then imports it; a built entry (.js) starts directly.
 */
export function spawnWorkerThread(url: URL, options: WorkerOptions = {}): Worker {
  if (url.pathname.endsWith('.ts')) {
    const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'))
    const tsxApi = pathToFileURL(join(tsxRoot, 'dist', 'esm', 'api', 'index.mjs')).href
    const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}) })`
    return new Worker(code, { ...options, eval: true })
  }
  return new Worker(url, options)
}
