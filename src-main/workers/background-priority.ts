/**
 * The training process computes on every core, below the UI's priority, so a UI event preempts it
 * at once (bridge round trips, the latent slider) while an idle machine still gives it everything.
 *
 * Linux keeps a nice value per thread: setpriority(PRIO_PROCESS, pid) — what os.setPriority(pid)
 * calls — changes only the thread whose id is pid, i.e. the main thread. Threads created later
 * inherit their creator's value, so doing this before the backend starts covers the wasm pthread
 * workers and oneDNN's OpenMP threads; the threads Node already runs (V8's platform workers, libuv)
 * are reniced one by one through /proc/self/task. macOS and Windows apply it to the whole process.
 */
import fs from 'node:fs'
import os from 'node:os'

export interface BackgroundPriority {
  threads: number
  priority: number
  /** threads reniced, or why not */
  note: string
}

export function useAllCoresInBackground(env: NodeJS.ProcessEnv = process.env): BackgroundPriority {
  const threads = os.availableParallelism()
  // read by initBackend: wasm XNNPACK threads and oneDNN threads; an explicit setting wins
  env.DCGAN_WASM_THREADS ??= String(threads)
  const priority = os.constants.priority.PRIORITY_BELOW_NORMAL
  let note: string
  try {
    os.setPriority(priority)
    let tids: string[] = []
    try {
      tids = fs.readdirSync('/proc/self/task')
    } catch {
      /* not Linux: the call above covered the process */
    }
    for (const tid of tids) os.setPriority(Number(tid), priority)
    note = tids.length ? `${tids.length} threads reniced` : 'process priority lowered'
  } catch (e) {
    note = `priority unchanged: ${e instanceof Error ? e.message : String(e)}`
  }
  return { threads: Number(env.DCGAN_WASM_THREADS) || threads, priority: os.getPriority(), note }
}
