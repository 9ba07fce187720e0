import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const CLI = fileURLToPath(new URL('./index.ts', import.meta.url))

export interface CliProcess {
  child: ChildProcess
  /** resolves with its exit code (null when killed by a signal) and what it printed on stdout */
  exited: Promise<{ code: number | null; stdout: string }>
}

/**
 * `dcgan-studio <args> --data-dir <dataDir> --json` from source in its own Node process (tests and benchmarks).
 * `detached` gives it a process group of its own, so `process.kill(-pid, 'SIGKILL')` ends it with its training worker.
 */
export function cliProcess(dataDir: string, args: readonly string[], options: { detached?: boolean } = {}): CliProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import(${JSON.stringify(CLI)}).then(async (cli) => { process.exitCode = await cli.main(process.argv.slice(1)) })`,
      '--',
      ...args,
      '--data-dir',
      dataDir,
      '--json',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], detached: options.detached ?? false },
  )
  let stdout = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  return { child, exited: new Promise((done) => child.on('exit', (code) => done({ code, stdout }))) }
}
