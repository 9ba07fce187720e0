import { vi } from 'vitest'
import { main } from './index'

/** Runs `dcgan-studio <args>` in this process and captures what it prints; for CLI tests. */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const capture = (stream: NodeJS.WriteStream, append: (text: string) => void) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      append(String(chunk))
      return true
    })
  const writes = [
    capture(process.stdout, (text) => (stdout += text)),
    capture(process.stderr, (text) => (stderr += text)),
  ]
  try {
    return { code: await main(args), stdout, stderr }
  } finally {
    for (const write of writes) write.mockRestore()
  }
}

/** `runCli` with `--json`: the exit code and the one JSON document on stdout. */
export async function runCliJson(args: string[]): Promise<{ code: number; output: Record<string, unknown> }> {
  const { code, stdout } = await runCli([...args, '--json'])
  return { code, output: JSON.parse(stdout) as Record<string, unknown> }
}
