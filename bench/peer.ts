import { spawn } from 'node:child_process'
import { join } from 'node:path'

/** The PyTorch peer's scripts, in the shared folder beside the repository. */
export const PEER_DIR = join(process.cwd(), '..', 'shared', 'peer')
export const PEER_PYTHON = '/usr/bin/python3'

/** Runs a peer script to its end and resolves with its standard output; rejects with the tail of its output on failure. */
export function runPeerScript(
  script: string,
  args: readonly string[],
  onLine?: (line: string) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PEER_PYTHON, [join(PEER_DIR, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (onLine) for (const line of chunk.toString().split('\n')) if (line.trim()) onLine(line.trim())
    })
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}: ${(err || out).trim().slice(-300)}`)),
    )
  })
}
