import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export interface RunningStudio {
  /** The studio's address without its token: pages and media need the cookie that opening `link` sets. */
  url: string
  /** The link `serve` printed, with the access token: opening it sets the cookie and lands on `url`. */
  link: string
  token: string
  dataDir: string
  stop(): Promise<void>
}

/** Starts the real `dcgan-studio serve` on a free port with a fresh data folder. */
export async function startStudio(options: { host?: string; dataDir?: string } = {}): Promise<RunningStudio> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'studio-e2e-'))
  const args = ['bin/dcgan-studio.js', 'serve', '--port', '0', '--data-dir', dataDir, '--json']
  if (options.host) args.push('--host', options.host)
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const started = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    let json = ''
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      json += line
      try {
        resolve(JSON.parse(json))
        lines.close()
      } catch {
        // the document spans several lines
      }
    })
    child.once('exit', (code) => reject(new Error(`dcgan-studio serve exited with ${code}: ${stderr}`)))
  })
  return {
    url: started.url.replace(/\?.*$/, ''),
    link: started.url,
    token: started.token,
    dataDir,
    stop: () =>
      stopProcess(child).then(() => (options.dataDir ? undefined : rmSync(dataDir, { recursive: true, force: true }))),
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
