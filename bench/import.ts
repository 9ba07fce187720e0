/**
 * Import benchmark: images/s and main-thread event-loop lag (p99) while importing.
 *
 *   dcgan-studio bench --import [--count 10000]
 *
 * Generated images (~250×300 JPEG synthetic faces) are cached in the OS temp folder.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { faceSeed, renderDemoFace } from '../src-main/services/datasets/demo-faces'
import { importFolder, type ImportSummary } from '../src-main/services/datasets/import-folder'
import type { ImportEngine } from '../src-main/services/datasets/import-pool'
import { importWorkerUrl } from '../src-main/services/worker-url'

/** The shared face photos, beside the repository as CI and every checkout has them. */
export const CALTECH_FACES = join(process.cwd(), '..', 'shared', 'datasets', 'caltech-faces')

export interface BenchOptions {
  /** Folders to import; default: the caltech faces and `count` generated JPEGs. */
  only?: 'caltech' | 'generated'
  count?: number
  sizes?: number[]
  engine?: ImportEngine
  threads?: number
  perThread?: number
  caltechDir?: string
  generatedDir?: string
  log?: (line: string) => void
}

export interface BenchResult {
  label: string
  images: number
  rejected: number
  seconds: number
  imagesPerSecond: number
  lagP50Ms: number
  lagP99Ms: number
  lagMaxMs: number
  /** Process CPU time (all threads) per file: independent of other load on the machine. */
  cpuMsPerImage: number
  /** 1-minute load average before the run (other processes compete for the 2 cores). */
  loadAverage: number
  engine: ImportEngine
}

/** Generate `count` ~250×300 JPEG faces into `dir` (kept between runs). */
export async function ensureGeneratedJpegs(dir: string, count: number, log?: (s: string) => void): Promise<void> {
  const marker = join(dir, `.complete-${count}`)
  if (existsSync(marker)) return
  await rm(dir, { recursive: true, force: true })
  const { mkdir } = await import('node:fs/promises')
  await mkdir(dir, { recursive: true })
  let next = 0
  const t0 = performance.now()
  const work = async (): Promise<void> => {
    while (next < count) {
      const i = next++
      // vary the size a little around 250×300, like real crops
      const w = 240 + (i % 21)
      const h = 290 + ((i * 7) % 21)
      const bytes = await renderDemoFace(faceSeed(1234, i), { width: w, height: h, format: 'jpeg', quality: 88 })
      await writeFile(join(dir, `gen-${String(i).padStart(5, '0')}.jpg`), bytes)
      if (log && i % 2000 === 0) log(`  generated ${i}/${count}`)
    }
  }
  await Promise.all(Array.from({ length: 4 }, work))
  await writeFile(marker, '')
  log?.(`  generated ${count} JPEGs in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}

async function benchOne(label: string, folder: string, o: BenchOptions): Promise<BenchResult> {
  const out = await mkdtemp(join(tmpdir(), 'dcgan-bench-out-'))
  const h = monitorEventLoopDelay({ resolution: 5 })
  let summary: ImportSummary
  const loadAverage = loadavg()[0] ?? 0
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  h.enable()
  try {
    summary = await importFolder(folder, {
      outputDir: join(out, 'dataset'),
      sizes: o.sizes ?? [32, 64],
      workerUrl: importWorkerUrl(),
      ...(o.engine ? { engine: o.engine } : {}),
      ...(o.threads ? { threads: o.threads } : {}),
      ...(o.perThread ? { perThread: o.perThread } : {}),
    })
  } finally {
    h.disable()
    await rm(out, { recursive: true, force: true })
  }
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const n = summary.imported.length + summary.rejected.length
  return {
    label,
    images: summary.imported.length,
    rejected: summary.rejected.length,
    seconds,
    imagesPerSecond: n / seconds,
    lagP50Ms: h.percentile(50) / 1e6,
    lagP99Ms: h.percentile(99) / 1e6,
    lagMaxMs: h.max / 1e6,
    cpuMsPerImage: (cpu.user + cpu.system) / 1000 / n,
    loadAverage,
    engine: summary.engine,
  }
}

export async function benchImport(opts: BenchOptions = {}): Promise<BenchResult[]> {
  const log = opts.log ?? (() => undefined)
  const results: BenchResult[] = []
  if (opts.only !== 'generated') {
    const dir = opts.caltechDir ?? CALTECH_FACES
    if (existsSync(dir)) results.push(await benchOne(`caltech (${(await readdir(dir)).length - 1} JPEGs)`, dir, opts))
    else
      log(
        `skip caltech: the shared caltech faces are not at ${dir} (../shared lies beside CI checkouts, not beside a clone)`,
      )
  }
  if (opts.only !== 'caltech') {
    const count = opts.count ?? 10_000
    const dir = opts.generatedDir ?? join(tmpdir(), `dcgan-bench-faces-${count}`)
    await ensureGeneratedJpegs(dir, count, log)
    results.push(await benchOne(`generated (${count} JPEGs ~250×300)`, dir, opts))
  }
  return results
}
