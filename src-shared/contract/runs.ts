import { z } from 'zod'
import { backendName } from './device'
import { healthItem } from './health'
import { hyperparameters } from './hyperparameters'
import { count, id, list, nonEmptyText, text } from './schema-helpers'

export const PRESET_NAMES = ['paper-64', 'compact-32', 'wgan-64', 'quick'] as const
export const presetName = z.enum(PRESET_NAMES)
export const RUN_STATUSES = ['queued', 'running', 'paused', 'stopped', 'finished', 'failed', 'interrupted'] as const
export const runStatus = z.enum(RUN_STATUSES)

/** From step `fromStep` on, the run trained with these hyperparameters changed (set when it was resumed). */
export const runSegment = z.object({ fromStep: count, changes: hyperparameters })

export const runSummary = z.object({
  id,
  name: z.string(),
  datasetId: id,
  datasetName: z.string(),
  preset: presetName,
  status: runStatus,
  statusReason: z.string().nullable(),
  epoch: count,
  epochs: count,
  step: count,
  stepsPerEpoch: count,
  backend: backendName.nullable(),
  device: z.string().nullable(),
  seed: count,
  createdAt: z.string(),
  latestLosses: z.object({ dLoss: z.number(), gLoss: z.number() }).nullable(),
  coverMediaId: z.string().nullable(),
  tags: z.array(z.string()),
  /** what the run started with (a config without D's learning rate reads as G's); `segments` say what changed since */
  hyperparameters,
  /** changes made at resumes, oldest first; `config` (in the detail) is what the run started with */
  segments: z.array(runSegment),
  /** what the last evaluation found wrong with the training, in plain words (empty: no problems seen) */
  health: z.array(healthItem),
  /** the SWD (×1e3, lower is better) of the latest scored epoch, null before one was scored */
  swd: z.number().nullable(),
  /** the scored epoch with the lowest SWD (the earliest of equals), null before one was scored */
  bestEpoch: count.nullable(),
  /** that epoch's SWD */
  bestSwd: z.number().nullable(),
})

/** `kept`: marked by the user, so pruning (which keeps the newest few) never deletes it. */
export const checkpointInfo = z.object({
  id,
  epoch: count,
  step: count,
  bytes: count,
  createdAt: z.string(),
  kept: z.boolean(),
})

export const runDetail = runSummary.extend({
  config: z.record(z.string(), z.unknown()),
  versions: z.record(z.string(), z.string()),
  notes: z.string(),
  checkpoints: z.array(checkpointInfo),
  diskBytes: count,
  /** the images the run trains on: those its dataset included when it was created */
  imageCount: count,
  /** the dataset's included images are no longer those (the run still trains on its own) */
  datasetChanged: z.boolean(),
})

/** Step metrics as parallel arrays; long histories come downsampled with each bucket's extremes kept. */
export const runHistory = z.object({
  totalSteps: count,
  downsampled: z.boolean(),
  step: z.array(z.number()),
  epoch: z.array(z.number()),
  dLoss: z.array(z.number()),
  gLoss: z.array(z.number()),
  dReal: z.array(z.number()),
  dFake: z.array(z.number()),
  /** training time up to the end of each step, in seconds (the sum of step times: pauses and restarts left out) */
  seconds: z.array(z.number()),
})

export const epochSamples = z.object({ epoch: count, step: count, cells: z.array(z.string()) })

/** A scored epoch: `swd` is the sliced Wasserstein distance ×1e3 of the EMA generator's faces against the run's images (lower is better). */
export const epochQuality = z.object({ epoch: count, step: count, swd: z.number() })

/** A new run's own bounds (its hyperparameters' come from the train config schema). */
export const RUN_LIMITS = { maxEpochs: 100_000, maxSeed: 2 ** 31 } as const

const newRun = z.strictObject({
  name: nonEmptyText(120).optional(),
  datasetId: id,
  preset: presetName,
  epochs: z.number().int().min(1).max(RUN_LIMITS.maxEpochs),
  seed: z.number().int().min(0).max(RUN_LIMITS.maxSeed).optional(),
  backend: z.union([backendName, z.literal('auto')]).optional(),
  hyperparameters: hyperparameters.optional(),
  notes: text(4000).optional(),
  tags: list(text(40), 20).optional(),
})

/** What a few real steps predict for the planned run, shown before it starts. */
export const preflightEstimate = z.object({
  backend: backendName,
  device: z.string(),
  msPerStep: z.number(),
  stepsPerEpoch: count,
  /** each epoch's end: its preview faces, its checkpoint, and its share of the quality scores (SWD) */
  epochEndSeconds: z.number(),
  /** steps × msPerStep + epochEndSeconds */
  secondsPerEpoch: z.number(),
  /** starting the worker, loading the data, the first (slower) steps and the first faces: once per run */
  startupSeconds: z.number(),
  /** startupSeconds + epochs × secondsPerEpoch */
  totalSeconds: z.number(),
  peakMemoryBytes: count,
  diskBytes: count,
})

export const runRequests = {
  'runs.list': { args: z.strictObject({}), result: z.array(runSummary) },
  'runs.preflight': { args: newRun, result: preflightEstimate },
  'runs.create': { args: newRun, result: runSummary },
  'runs.get': { args: z.strictObject({ runId: id }), result: runDetail },
  'runs.history': {
    args: z.strictObject({
      runId: id,
      fromStep: count.optional(),
      toStep: count.optional(),
      maxPoints: z.number().int().min(10).max(20_000),
    }),
    result: runHistory,
  },
  'runs.samples': { args: z.strictObject({ runId: id }), result: z.array(epochSamples) },
  /** The SWD of every scored epoch, oldest first (epochs are scored on a cadence that keeps SWD within 10% of training time). */
  'runs.quality': { args: z.strictObject({ runId: id }), result: z.array(epochQuality) },
  'runs.update': {
    args: z.strictObject({
      runId: id,
      name: nonEmptyText(120).optional(),
      notes: text(4000).optional(),
      tags: list(text(40), 20).optional(),
    }),
    result: runSummary,
  },
  'runs.delete': { args: z.strictObject({ runId: id }), result: z.object({ freedBytes: count }) },
  'runs.pause': { args: z.strictObject({ runId: id }), result: runSummary },
  'runs.resume': {
    /**
     * From `checkpointId` when given (what came after it is discarded), else where the run left off; `epochs` is a new
     * total to train to (a finished run trained further).
     */
    args: z.strictObject({
      runId: id,
      learningRate: hyperparameters.shape.learningRate,
      dLearningRate: hyperparameters.shape.dLearningRate,
      checkpointId: id.optional(),
      epochs: z.number().int().min(1).max(RUN_LIMITS.maxEpochs).optional(),
    }),
    result: runSummary,
  },
  'runs.stop': { args: z.strictObject({ runId: id }), result: runSummary },
  /** Marks a checkpoint to be kept beyond the newest few, or unmarks it (it is then pruned with the next checkpoint if older). */
  'runs.keepCheckpoint': {
    args: z.strictObject({ runId: id, checkpointId: id, kept: z.boolean() }),
    result: checkpointInfo,
  },
} as const

export const stepRecord = z.object({
  step: count,
  epoch: count,
  dLoss: z.number(),
  gLoss: z.number(),
  dReal: z.number(),
  dFake: z.number(),
  stepMs: z.number(),
})

export const runEvents = {
  'runs.changed': runSummary,
  'runs.steps': z.object({ runId: id, steps: z.array(stepRecord) }),
  'runs.removed': z.object({ runId: id }),
} as const

export type PresetName = z.infer<typeof presetName>
export type RunStatus = z.infer<typeof runStatus>
export type RunSummary = z.infer<typeof runSummary>
export type RunSegment = z.infer<typeof runSegment>
export type StepRecord = z.infer<typeof stepRecord>
export type NewRun = z.infer<typeof newRun>
export type PreflightEstimate = z.infer<typeof preflightEstimate>
export type RunDetail = z.infer<typeof runDetail>
export type CheckpointInfo = z.infer<typeof checkpointInfo>
export type RunHistory = z.infer<typeof runHistory>
export type EpochSamples = z.infer<typeof epochSamples>
export type EpochQuality = z.infer<typeof epochQuality>
