import { z } from 'zod'
import { count, id, list, text } from './schema-helpers'

export const EXPORT_KINDS = ['images', 'zip', 'sprite', 'gif', 'model'] as const
export const exportKind = z.enum(EXPORT_KINDS)
export const EXPORT_PHASES = ['loading', 'generating', 'encoding', 'writing'] as const
export const GIF_ANIMATIONS = ['interpolation', 'progress'] as const

/** What an export uses where the request leaves a setting out; the Export page shows the same values. */
export const DEFAULT_COUNT = 64
export const DEFAULT_GIF_KEYFRAMES = 4
export const DEFAULT_FRAMES_PER_SEGMENT = 12
export const DEFAULT_INTERPOLATION_FPS = 12
export const DEFAULT_PROGRESS_FPS = 4

export const EXPORT_LIMITS = {
  maxCount: 1024,
  maxGifKeyframes: 32,
  maxFramesPerSegment: 120,
  maxGifFrames: 960,
  maxFps: 50,
} as const

/**
 * What to export from a run. The destination is a folder the user granted (folders.pick /
 * folders.grantPath): the renderer names the grant, never a path.
 */
export const exportStartArgs = z.strictObject({
  runId: id,
  /** a checkpoint of the run (runs.get lists them); the latest when absent */
  checkpointId: id.optional(),
  kind: exportKind,
  /** images / sprite cells (default 64); GIF keyframes (default 4); the run's pinned faces come in addition */
  count: z.number().int().min(1).max(EXPORT_LIMITS.maxCount).optional(),
  /** render the run's pinned faces first, under their names (default true; images, zip, sprite, interpolation GIF) */
  includePinned: z.boolean().optional(),
  /** latents come from this seed (default: the run's seed, which reproduces its preview images) */
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  /** ψ: latents scaled towards the mean, 1 = unchanged (default 1) */
  truncation: z.number().min(0).max(1).optional(),
  /** G's own weights instead of their moving average (EMA), which exports use by default */
  raw: z.boolean().optional(),
  /** kind 'gif': a keyframe loop through latent space, or the run's per-epoch samples */
  animation: z.enum(GIF_ANIMATIONS).optional(),
  framesPerSegment: z.number().int().min(1).max(EXPORT_LIMITS.maxFramesPerSegment).optional(),
  fps: z.number().int().min(1).max(EXPORT_LIMITS.maxFps).optional(),
  grantId: text(64),
})

export const exportProgress = z.object({
  exportId: z.string(),
  phase: z.enum(EXPORT_PHASES),
  done: count,
  total: count,
})

export const exportFinished = z.object({
  exportId: z.string(),
  runId: id,
  kind: exportKind,
  outcome: z.enum(['exported', 'cancelled', 'failed']),
  /** the created file or folder's name inside the granted folder (null unless exported) */
  output: z.string().nullable(),
  /** files written, relative to the granted folder */
  files: list(z.string()),
  bytes: count,
  message: z.string(),
})

export const exportRequests = {
  'exports.start': { args: exportStartArgs, result: z.object({ exportId: z.string() }) },
  'exports.cancel': { args: z.strictObject({ exportId: text(64) }), result: z.object({ cancelled: z.boolean() }) },
} as const

export const exportEvents = {
  'exports.progress': exportProgress,
  'exports.finished': exportFinished,
} as const

export type ExportKind = z.infer<typeof exportKind>
export type ExportStartArgs = z.infer<typeof exportStartArgs>
export type ExportProgressEvent = z.infer<typeof exportProgress>
export type ExportFinished = z.infer<typeof exportFinished>
