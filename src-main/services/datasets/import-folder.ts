/**
 * Orchestrates an import: scan → normalise in parallel (worker pool) → commit in scan order
 * (dedupe, thumbnails, packed caches) into a temp folder → atomic rename to `outputDir`.
 *
 * Guarantees:
 *  - every file gets an outcome (imported, possibly flagged; or rejected with a code);
 *  - nothing aborts the import except cancellation or an error writing OUR output;
 *  - the user's files are only opened read-only and always closed;
 *  - writes happen only in `<parent of outputDir>/.<name>.partial-*` and, at the very end,
 *    `outputDir` (a rename); on cancel/error the temp folder is removed;
 *  - results are committed in scan (natural path) order, so positions are deterministic.
 *
 * Output layout: thumbs/<position>.png, cache-<size>.bin (see training-cache.ts), import.json.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import {
  createImageRunner,
  configureSharpForImport,
  type ImageRunner,
  type ImportEngine,
  type RunnerOptions,
} from './import-pool'
import {
  DEFAULT_NORMALIZE_OPTIONS,
  DEFAULT_SIZES,
  SUPPORTED_SIZES,
  type CropCentre,
  type NormalizeOptions,
  type NormalizeOutcome,
} from './normalize-image'
import { DEFAULT_NEAR_DUPLICATE_THRESHOLD, NearDuplicateIndex } from './perceptual-hash'
import type { ImportFlag, RejectionCode } from './rejection'
import { scanFolder, sortByRelPath, type ScanIssue, type ScannedFile } from './scan-folder'
import { cacheFileName, rewriteTrainingCacheChannels, TrainingCacheWriter } from './training-cache'

export type ImportPhase = 'scanning' | 'decoding' | 'writing'

export interface ImportProgressInfo {
  phase: ImportPhase
  done: number
  total: number
  /** Files per second since decoding started. */
  rate: number
  etaSeconds: number | null
}

export interface ImportOptions extends RunnerOptions {
  /** Final folder (must not exist, or be empty). Nothing is written outside its parent. */
  outputDir: string
  sizes?: readonly number[]
  thumbnailSize?: number
  /** 'auto' (default): 1 channel when every imported image is grayscale, else 3. */
  channels?: 'auto' | 1 | 3
  /** Crop centre overrides keyed by relative path ('/' separated). */
  cropCentres?: ReadonlyMap<string, CropCentre> | Readonly<Record<string, CropCentre>>
  nearDuplicateThreshold?: number
  maxPixels?: number
  minSide?: number
  maxFileBytes?: number
  background?: NormalizeOptions['background']
  failOn?: NormalizeOptions['failOn']
  includeHidden?: boolean
  signal?: AbortSignal
  onProgress?: (p: ImportProgressInfo) => void
  /** Minimum ms between two progress calls (default 100; the first and last always fire). */
  progressIntervalMs?: number
  /** Called after the scan, before any file is decoded. */
  onScanned?: (files: readonly ScannedFile[], issues: readonly ScanIssue[]) => void | Promise<void>
}

export interface ImportedImage {
  /** Index in the caches and thumbs/ (0-based, scan order of kept images). */
  position: number
  /** Path relative to the imported folder, '/' separated. */
  file: string
  sha256: string
  phash: string
  width: number
  height: number
  format: string
  bytes: number
  grayscale: boolean
  flags: ImportFlag[]
  duplicateOfPosition: number | null
  nearDuplicateOfPosition: number | null
  nearDuplicateDistance: number | null
  /** Relative to outputDir. */
  thumbnail: string
  cropCentre: CropCentre | null
}

export interface RejectedFile {
  file: string
  code: RejectionCode
  message: string
}

export interface CacheInfo {
  size: number
  /** Relative to outputDir. */
  file: string
  count: number
  channels: 1 | 3
}

export interface ImportSummary {
  outputDir: string
  imported: ImportedImage[]
  rejected: RejectedFile[]
  /** Exact duplicates (same sha256 as an earlier image). */
  duplicates: number
  nearDuplicates: number
  /** True when every imported image is grayscale (offer 1-channel training). */
  grayscale: boolean
  /** Channels actually written in the caches. */
  channels: 1 | 3
  sizes: number[]
  thumbnailSize: number
  caches: CacheInfo[]
  /** Hidden files and folders the scan skipped (names starting with '.'), relative to the folder. */
  hidden: string[]
  /** Files considered: candidates + files reported by the scan. */
  total: number
  elapsedMs: number
  imagesPerSecond: number
  engine: ImportEngine
}

export const MANIFEST_FILE = 'import.json'

function validateSizes(sizes: readonly number[]): number[] {
  const out = [...new Set(sizes)].sort((a, b) => a - b)
  if (out.length === 0 || out.some((s) => !SUPPORTED_SIZES.includes(s))) {
    throw new RangeError(`sizes must be among ${SUPPORTED_SIZES.join(', ')}; got ${JSON.stringify(sizes)}`)
  }
  return out
}

function cropFor(map: ImportOptions['cropCentres'], file: string): CropCentre | undefined {
  if (!map) return undefined
  if (map instanceof Map) return map.get(file)
  return Object.prototype.hasOwnProperty.call(map, file) ? (map as Record<string, CropCentre>)[file] : undefined
}

async function prepareTemp(outputDir: string): Promise<string> {
  const parent = dirname(outputDir)
  await mkdir(parent, { recursive: true })
  const existing = await stat(outputDir).catch(() => null)
  if (existing && (!existing.isDirectory() || (await readdir(outputDir)).length > 0)) {
    throw new Error(`import output folder already exists and is not empty: ${outputDir}`)
  }
  const tmp = join(parent, `.${basename(outputDir)}.partial-${randomUUID().slice(0, 8)}`)
  await mkdir(join(tmp, 'thumbs'), { recursive: true })
  return tmp
}

/** Import every file under `folder` (recursively). */
export async function importFolder(folder: string, options: ImportOptions): Promise<ImportSummary> {
  const scanStart = performance.now()
  options.onProgress?.({ phase: 'scanning', done: 0, total: 0, rate: 0, etaSeconds: null })
  const scan = await scanFolder(folder, { includeHidden: options.includeHidden ?? false, signal: options.signal })
  return runImport(scan.files, scan.issues, scan.hidden, options, scanStart)
}

/**
 * Import an explicit list of files. `file` in outcomes is relative to `baseDir` when given
 * (and inside it), else the path as passed.
 */
export async function importFiles(
  paths: readonly string[],
  options: ImportOptions & { baseDir?: string },
): Promise<ImportSummary> {
  const start = performance.now()
  const base = options.baseDir ? resolve(options.baseDir) : undefined
  const files: ScannedFile[] = paths.map((p) => {
    const abs = resolve(p)
    const rel = base ? relative(base, abs) : ''
    const inside = base !== undefined && rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
    return { absPath: abs, relPath: inside ? rel.split(sep).join('/') : p }
  })
  return runImport(
    sortByRelPath(files, (f) => f.relPath),
    [],
    [],
    options,
    start,
  )
}

async function runImport(
  files: readonly ScannedFile[],
  scanIssues: readonly ScanIssue[],
  hidden: string[],
  options: ImportOptions,
  startedAt: number,
): Promise<ImportSummary> {
  const { signal } = options
  signal?.throwIfAborted()
  const sizes = validateSizes(options.sizes ?? DEFAULT_SIZES)
  const thumbnailSize = options.thumbnailSize ?? DEFAULT_NORMALIZE_OPTIONS.thumbnailSize
  const threshold = options.nearDuplicateThreshold ?? DEFAULT_NEAR_DUPLICATE_THRESHOLD
  const outputDir = resolve(options.outputDir)
  const normalizeOptions: Partial<NormalizeOptions> = {
    sizes,
    thumbnailSize,
    maxPixels: options.maxPixels ?? DEFAULT_NORMALIZE_OPTIONS.maxPixels,
    minSide: options.minSide ?? DEFAULT_NORMALIZE_OPTIONS.minSide,
    maxFileBytes: options.maxFileBytes ?? DEFAULT_NORMALIZE_OPTIONS.maxFileBytes,
    background: options.background ?? DEFAULT_NORMALIZE_OPTIONS.background,
    failOn: options.failOn ?? DEFAULT_NORMALIZE_OPTIONS.failOn,
  }

  await options.onScanned?.(files, scanIssues)
  signal?.throwIfAborted()

  const tmp = await prepareTemp(outputDir)
  let runner: ImageRunner | undefined
  const writers: TrainingCacheWriter[] = []
  const pendingWrites: Promise<void>[] = []
  let wake: (() => void) | null = null
  const onAbort = (): void => {
    const w = wake
    wake = null
    w?.()
  }
  signal?.addEventListener('abort', onAbort, { once: true })

  try {
    configureSharpForImport()
    for (const s of sizes) writers.push(await TrainingCacheWriter.create(join(tmp, cacheFileName(s)), s, 3))
    runner = createImageRunner(options)
    const run = runner

    const total = files.length
    const imported: ImportedImage[] = []
    const rejected: RejectedFile[] = scanIssues.map((i) => ({ file: i.file, code: i.code, message: i.message }))
    const bySha = new Map<string, number>()
    const nearIndex = new NearDuplicateIndex(threshold)
    let duplicates = 0
    let nearDuplicates = 0
    let allGray = true

    // ---- progress
    const decodeStart = performance.now()
    const interval = options.progressIntervalMs ?? 100
    let lastProgress = -Infinity
    let received = 0
    const progress = (phase: ImportPhase, force = false): void => {
      if (!options.onProgress) return
      const now = performance.now()
      if (!force && now - lastProgress < interval) return
      lastProgress = now
      const secs = (now - decodeStart) / 1000
      const rate = secs > 0 ? received / secs : 0
      options.onProgress({
        phase,
        done: received,
        total,
        rate,
        etaSeconds: rate > 0 ? (total - received) / rate : null,
      })
    }
    progress('decoding', true)

    // ---- dispatch (parallel) / commit (in order)
    const results = new Map<number, NormalizeOutcome>()
    const window = Math.max(64, run.capacity * 8)
    let next = 0
    let inFlight = 0
    let commitIdx = 0
    const signalWake = (): void => {
      const w = wake
      wake = null
      w?.()
    }
    const dispatch = (): void => {
      while (!signal?.aborted && inFlight < run.capacity && next < total && next - commitIdx < window) {
        const i = next++
        const f = files[i]
        if (!f) continue
        inFlight++
        const crop = cropFor(options.cropCentres, f.relPath)
        run
          .run(f.absPath, crop ? { ...normalizeOptions, cropCentre: crop } : normalizeOptions)
          .then(
            (o) => results.set(i, o),
            (err: unknown) => {
              if (!signal?.aborted) {
                results.set(i, {
                  ok: false,
                  code: 'internal-error',
                  message: `Unexpected error while processing this file. (${String(err).slice(0, 200)})`,
                })
              }
            },
          )
          .finally(() => {
            inFlight--
            if (signal?.aborted) return // no progress events after a cancel
            received++
            progress('decoding')
            signalWake()
          })
      }
    }

    const commit = async (i: number, o: NormalizeOutcome): Promise<void> => {
      const f = files[i]
      if (!f) return
      if (!o.ok) {
        rejected.push({ file: f.relPath, code: o.code, message: o.message })
        return
      }
      const position = imported.length
      const flags: ImportFlag[] = []
      let duplicateOfPosition: number | null = null
      let nearDuplicateOfPosition: number | null = null
      let nearDuplicateDistance: number | null = null
      const dup = bySha.get(o.sha256)
      if (dup !== undefined) {
        flags.push('duplicate')
        duplicateOfPosition = dup
        duplicates++
      } else {
        bySha.set(o.sha256, position)
        const near = nearIndex.query(o.phash, o.chroma)
        if (near) {
          flags.push('near-duplicate')
          nearDuplicateOfPosition = near.id
          nearDuplicateDistance = near.distance
          nearDuplicates++
        }
        nearIndex.add(position, o.phash, o.chroma)
      }
      if (!o.grayscale) allGray = false
      const crop = cropFor(options.cropCentres, f.relPath)
      const thumbnail = `thumbs/${position}.png`
      imported.push({
        position,
        file: f.relPath,
        sha256: o.sha256,
        phash: o.phash,
        width: o.width,
        height: o.height,
        format: o.format,
        bytes: o.bytes,
        grayscale: o.grayscale,
        flags,
        duplicateOfPosition,
        nearDuplicateOfPosition,
        nearDuplicateDistance,
        thumbnail,
        cropCentre: crop ?? null,
      })
      const written = writeFile(join(tmp, thumbnail), o.thumbnailPng)
      // awaited in batches below; until then a failed write (a full disk) must not count as an unhandled rejection
      written.catch(() => undefined)
      pendingWrites.push(written)
      if (pendingWrites.length >= 32) await Promise.all(pendingWrites.splice(0))
      for (const w of writers) {
        const px = o.pixelsBySize.get(w.size)
        if (!px) throw new Error(`internal: missing ${w.size}px pixels for ${f.relPath}`)
        await w.append(px)
      }
    }

    while (commitIdx < total) {
      signal?.throwIfAborted()
      dispatch()
      const o = results.get(commitIdx)
      if (o === undefined) {
        await new Promise<void>((r) => (wake = r))
        continue
      }
      results.delete(commitIdx)
      await commit(commitIdx, o)
      commitIdx++
    }
    signal?.throwIfAborted()

    // ---- finalize
    progress('writing', true)
    await Promise.all(pendingWrites.splice(0))
    const grayscale = imported.length > 0 && allGray
    const channels: 1 | 3 = options.channels === 1 || options.channels === 3 ? options.channels : grayscale ? 1 : 3
    const caches: CacheInfo[] = []
    for (const w of writers.splice(0)) {
      const h = await w.finish()
      if (channels !== 3) await rewriteTrainingCacheChannels(w.path, channels)
      caches.push({ size: h.size, file: cacheFileName(h.size), count: h.count, channels })
      signal?.throwIfAborted()
    }
    const elapsedMs = performance.now() - startedAt
    const decodeSecs = (performance.now() - decodeStart) / 1000
    const summary: ImportSummary = {
      outputDir,
      imported,
      rejected: sortByRelPath(rejected, (r) => r.file),
      duplicates,
      nearDuplicates,
      grayscale,
      channels,
      sizes,
      thumbnailSize,
      caches,
      hidden,
      total: total + scanIssues.length,
      elapsedMs,
      imagesPerSecond: decodeSecs > 0 ? total / decodeSecs : 0,
      engine: run.engine,
    }
    const { outputDir: _omit, ...manifest } = summary
    void _omit
    await writeFile(join(tmp, MANIFEST_FILE), JSON.stringify({ version: 1, ...manifest }))
    signal?.throwIfAborted()
    await run.terminate()
    await rmdir(outputDir).catch(() => undefined) // an existing empty folder
    await rename(tmp, outputDir)
    received = total
    progress('writing', true)
    return summary
  } catch (err) {
    await runner?.terminate().catch(() => undefined)
    await Promise.allSettled(pendingWrites)
    await Promise.allSettled(writers.map((w) => w.abort()))
    await rm(tmp, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined)
    throw err
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
}
