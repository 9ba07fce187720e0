import { spawnSync } from 'node:child_process'
import os from 'node:os'
import { describe, expect, it } from 'vitest'

// In a child process: lowering the priority cannot be undone without privileges.
function inChild(code: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
    cwd: process.cwd(),
  })
  if (r.status !== 0) throw new Error(r.stderr)
  return r.stdout.trim()
}

describe('useAllCoresInBackground', () => {
  it('asks for a thread per core and lowers the priority of every thread, including ones started later', () => {
    const out = inChild(`
      import os from 'node:os'
      import fs from 'node:fs'
      import { Worker } from 'node:worker_threads'
      import { useAllCoresInBackground } from './src-main/workers/background-priority.ts'
      const env = {}
      const r = useAllCoresInBackground(env)
      const w = new Worker('setTimeout(() => {}, 200)', { eval: true })
      await new Promise((res) => setTimeout(res, 100))
      const nices = fs.existsSync('/proc/self/task') ? fs.readdirSync('/proc/self/task').map((t) => os.getPriority(Number(t))) : [os.getPriority()]
      await w.terminate()
      console.log(JSON.stringify({ r, env, nices }))
    `)
    const { r, env, nices } = JSON.parse(out) as {
      r: { threads: number; priority: number }
      env: Record<string, string>
      nices: number[]
    }
    expect(env.DCGAN_WASM_THREADS).toBe(String(os.availableParallelism()))
    expect(r.threads).toBe(os.availableParallelism())
    expect(r.priority).toBeGreaterThanOrEqual(os.constants.priority.PRIORITY_BELOW_NORMAL)
    for (const n of nices) expect(n).toBeGreaterThanOrEqual(os.constants.priority.PRIORITY_BELOW_NORMAL)
  })

  it('keeps an explicit thread count', () => {
    const out = inChild(`
      import { useAllCoresInBackground } from './src-main/workers/background-priority.ts'
      console.log(useAllCoresInBackground({ DCGAN_WASM_THREADS: '1' }).threads)
    `)
    expect(out).toBe('1')
  })
})
