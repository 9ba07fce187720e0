import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startBrowserServer } from '../../bridge/browser-server'
import { createDispatcher } from '../../bridge/dispatcher'
import { UsageError, type Command } from '../command'
import { openStudio } from '../open-studio'
import { info, printResult } from '../output'

export const DEFAULT_PORT = 5317

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the studio headless and serve its UI to a browser',
  usage: 'dcgan-studio serve [--port 5317] [--host 127.0.0.1] [--data-dir DIR] [--json]',
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
  },
  async run({ values, dataDir, json, signal }) {
    const port = values.port === undefined ? DEFAULT_PORT : Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be 0–65535, got "${values.port}".`)
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1'
    const rendererDir = builtRendererDir()

    const studio = openStudio(dataDir)
    const server = await startBrowserServer({
      host,
      port,
      rendererDir,
      dispatch: createDispatcher(studio.handlers()),
      hub: studio.hub,
      media: studio.media,
      downloads: { resolve: (exportId) => studio.exports.download(exportId) },
    }).catch((error: unknown) => {
      studio.close()
      throw new UsageError(error instanceof Error ? error.message : String(error), 1)
    })

    printResult(json, { url: server.url, token: server.token, dataDir: studio.dirs.root }, () =>
      [
        `DCGAN Studio is serving ${studio.dirs.root}`,
        `Open ${server.url}`,
        'The link carries the access token (needed on loopback too: other accounts on this machine reach it); share it only with yourself.',
      ].join('\n'),
    )
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
    info(json, 'Stopping…')
    await server.close()
    studio.close()
    return 0
  },
}

function builtRendererDir(): string {
  const dir = fileURLToPath(new URL('../renderer', import.meta.url))
  if (!existsSync(join(dir, 'index.html'))) {
    throw new UsageError('The UI is not built yet: run `npm run build` first.', 1)
  }
  return dir
}
