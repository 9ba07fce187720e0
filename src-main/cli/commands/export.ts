import path from 'node:path'
import { EXPORT_KINDS, EXPORT_LIMITS, GIF_ANIMATIONS, type ExportKind } from '../../../src-shared/contract/exports'
import type { ExportProgress } from '../../services/exports/export-job'
import { UsageError, type Command } from '../command'
import { openStudio } from '../open-studio'
import { printable, printResult } from '../output'
import { ProgressLine } from '../progress-line'
import { findRun } from '../find-run'
import { integerOption } from './demo-dataset'
import { bestCheckpoint } from '../../../src-shared/best-checkpoint'

const PHASE_LABELS = {
  loading: 'loading the generator',
  generating: 'generating',
  encoding: 'encoding',
  writing: 'writing',
} as const

export const exportCommand: Command = {
  name: 'export',
  summary:
    "Export a run's generator: images (a folder or a zip), a sprite sheet, a GIF, or the TF.js model with an offline page",
  usage:
    `dcgan-studio export <run name|id> --kind <${EXPORT_KINDS.join('|')}> --out <folder> [--count N] [--checkpoint ID|best] [--seed S] ` +
    `[--truncation 0..1] [--raw] [--animation ${GIF_ANIMATIONS.join('|')}] [--frames N] [--fps N] [--data-dir DIR] [--json]`,
  options: {
    kind: { type: 'string' },
    out: { type: 'string' },
    count: { type: 'string' },
    checkpoint: { type: 'string' },
    seed: { type: 'string' },
    truncation: { type: 'string' },
    raw: { type: 'boolean' },
    animation: { type: 'string' },
    frames: { type: 'string' },
    fps: { type: 'string' },
  },
  async run({ values, positionals, dataDir, json, signal }) {
    const [runRef, ...extra] = positionals
    if (runRef === undefined || extra.length > 0)
      throw new UsageError('give exactly one run to export (its name or id; see `dcgan-studio runs`).')
    const kind = values.kind as ExportKind | undefined
    if (kind === undefined || !EXPORT_KINDS.includes(kind))
      throw new UsageError(`--kind must be one of ${EXPORT_KINDS.join(', ')}.`)
    if (typeof values.out !== 'string' || values.out.trim() === '')
      throw new UsageError('--out is required: the folder to export into (it must exist).')
    const animation = values.animation as (typeof GIF_ANIMATIONS)[number] | undefined
    if (animation !== undefined && !GIF_ANIMATIONS.includes(animation))
      throw new UsageError(`--animation must be one of ${GIF_ANIMATIONS.join(', ')}.`)
    const optional = (name: string, min: number, max: number) =>
      values[name] === undefined ? undefined : integerOption(values[name], 0, name, min, max)
    const request = {
      kind,
      destination: path.resolve(values.out),
      count: optional('count', 1, EXPORT_LIMITS.maxCount),
      checkpointId: values.checkpoint === 'best' ? undefined : optional('checkpoint', 1, Number.MAX_SAFE_INTEGER),
      seed: optional('seed', 0, 0xffffffff),
      truncation: truncationOption(values.truncation),
      raw: values.raw === true ? true : undefined,
      animation,
      framesPerSegment: optional('frames', 1, EXPORT_LIMITS.maxFramesPerSegment),
      fps: optional('fps', 1, EXPORT_LIMITS.maxFps),
    }

    const studio = openStudio(dataDir)
    try {
      const runId = findRun(studio, runRef)
      const job = studio.exports.prepare({
        ...request,
        runId,
        ...(values.checkpoint === 'best' && { checkpointId: bestCheckpointId(studio, runId) }),
      })
      const progress = new ProgressLine(json)
      const result = await studio.exports.run(job, {
        signal,
        onProgress: (update) => progress.update(describe(update)),
      })
      progress.done()
      const files = result.files.map((file) => path.relative(path.dirname(result.output), file))
      printResult(
        json,
        {
          exportId: result.exportId,
          runId,
          kind,
          checkpoint: job.checkpoint && {
            id: job.checkpoint.id,
            epoch: job.checkpoint.epoch,
            step: job.checkpoint.step,
            swd: job.checkpoint.swd,
          },
          seed: job.seed,
          output: result.output,
          files,
          bytes: result.bytes,
        },
        () =>
          `exported ${files.length} file${files.length === 1 ? '' : 's'} (${(result.bytes / 1024).toFixed(0)} KB) to ${printable(result.output)}`,
      )
      return 0
    } finally {
      studio.close()
    }
  },
}

/** The best epoch's checkpoint by SWD, or the nearest kept one (see bestCheckpoint). */
function bestCheckpointId(studio: ReturnType<typeof openStudio>, runId: number): number {
  const best = bestCheckpoint(studio.runs.detail(runId))
  if (!best)
    throw new UsageError(
      `run ${runId} has no scored epoch with a checkpoint yet: train an epoch, or give --checkpoint ID.`,
    )
  return best.checkpoint.id
}

function truncationOption(value: unknown): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!(number >= 0 && number <= 1)) throw new UsageError(`--truncation must be a number from 0 to 1, got "${value}".`)
  return number
}

function describe({ phase, done, total }: ExportProgress): string {
  const width = 24
  const bar = '█'.repeat(total ? Math.round((done / total) * width) : 0).padEnd(width, '░')
  return `${bar} ${PHASE_LABELS[phase]} ${done}/${total}`
}
