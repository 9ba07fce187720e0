/**
 * Makes the multi-threaded SIMD build of @tensorflow/tfjs-backend-wasm start under Node/Electron-main.
 *
 * tfjs 4.22 hard-disables wasm threads in Node (tfjs#3830) because its Emscripten glue hands the
 * pthread workers `blob:` URLs, which `worker_threads` cannot load. We:
 *  1. set WASM_HAS_MULTITHREAD_SUPPORT (Node 20 has SharedArrayBuffer + wasm threads),
 *  2. while the backend initialises, record the text of the two Blobs tfjs creates (the pthread
 *     worker script and the module factory) and write them to a private temp folder, returning a
 *     file path from URL.createObjectURL; the worker is patched to load the factory from that file,
 *  3. make Emscripten see enough logical cores (its backend.cc uses cores/2, which is 1 on a
 *     2-vCPU machine) so the XNNPACK pthreadpool really gets `threads` threads.
 * Everything patched is restored once initialisation finishes; the workers are unref'd so the
 * process can still exit, and the temp folder is removed at exit.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

type TfLike = {
  env(): { set(flag: string, value: unknown): void }
  setBackend(name: string): Promise<boolean>
  findBackend(name: string): unknown
}

type PThreadPool = { unusedWorkers?: { unref?(): void }[]; runningWorkers?: { unref?(): void }[] }

const FACTORY_PRELUDE =
  "var require$$0=require('fs'),require$$1=require('path'),require$$3=require('perf_hooks'),require$$4=require('os'),commonjsGlobal=globalThis;\n"

/**
 * Calls `tf.setBackend('wasm')` with threads enabled. Returns whether the backend initialised.
 * `setThreadsCount(threads)` must already have been called on the wasm package.
 */
export async function setWasmBackendWithNodeThreads(tf: TfLike, threads: number): Promise<boolean> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dcgan-wasm-threads-'))
  const factoryPath = path.join(dir, 'tfjs-backend-wasm-factory.cjs')
  const workerPath = path.join(dir, 'tfjs-backend-wasm-threaded-simd.worker.cjs')
  const texts = new WeakMap<Blob, string>()
  const OrigBlob = globalThis.Blob
  const origCreate = URL.createObjectURL
  const origCpus = os.cpus

  class RecordingBlob extends OrigBlob {
    constructor(...args: ConstructorParameters<typeof Blob>) {
      super(...args)
      const parts = args[0]
      if (parts && parts.every((p) => typeof p === 'string')) {
        const text = (parts as string[]).join('')
        texts.set(this, text)
        if (text.startsWith('var WasmBackendModuleThreadedSimd')) fs.writeFileSync(factoryPath, FACTORY_PRELUDE + text)
      }
    }
  }
  globalThis.Blob = RecordingBlob as typeof Blob
  URL.createObjectURL = (obj: Blob) => {
    const text = texts.get(obj)
    if (text === undefined) return origCreate.call(URL, obj)
    // The pthread worker script: after its own onmessage is installed, rewrite the 'load' message
    // so it imports the factory from our file instead of a Blob.
    const patch = `\n;{const o=self.onmessage;self.onmessage=e=>{if(e&&e.data&&e.data.cmd==='load'&&typeof e.data.urlOrBlob!=='string'){e.data.urlOrBlob=${JSON.stringify(factoryPath)}}return o(e)}}\n`
    fs.writeFileSync(workerPath, text + patch)
    return workerPath
  }
  const need = Math.max(threads * 2, origCpus().length)
  ;(os as { cpus: typeof os.cpus }).cpus = () => {
    const real = origCpus()
    const first = real[0]
    if (!first) return real
    return Array.from({ length: need }, (_, i) => real[i] ?? first)
  }
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true)
    const ok = await tf.setBackend('wasm')
    if (ok) {
      // Emscripten's pthread workers would keep Node alive forever: let the process exit.
      const pool = (tf.findBackend('wasm') as { wasm?: { PThread?: PThreadPool } } | null)?.wasm?.PThread
      for (const w of [...(pool?.unusedWorkers ?? []), ...(pool?.runningWorkers ?? [])]) w.unref?.()
      process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
    }
    return ok
  } finally {
    globalThis.Blob = OrigBlob
    URL.createObjectURL = origCreate
    ;(os as { cpus: typeof os.cpus }).cpus = origCpus
  }
}
