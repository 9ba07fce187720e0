import { z } from 'zod'
import { count, id, list, nonEmptyText } from './schema-helpers'

/** Most principal directions one checkpoint offers (they are computed once, then sliced). */
export const MAX_DIRECTIONS = 20
/** Latent vectors are at most this long (the presets' zDim ceiling). */
export const MAX_LATENT = 1024

const latentVector = z.array(z.number().finite()).min(1).max(MAX_LATENT)
const checkpointRef = z.strictObject({ runId: id, checkpointId: id.optional() })

/** The generator of one checkpoint as a TF.js layers model, fetched by media id (model.json and its weights). */
export const latentModel = z.object({
  runId: id,
  checkpoint: z.object({ id, epoch: count, step: count }),
  modelMediaId: z.string(),
  weightsMediaId: z.string(),
  arch: z.enum(['compact', 'paper']),
  zDim: count,
  imageSize: count,
  channels: z.union([z.literal(1), z.literal(3)]),
  /** the run's seed: seededLatents(seed, n, zDim) are its epoch gallery's faces */
  seed: count,
  /** G's own weights rather than their moving average (EMA), which previews and exports use */
  raw: z.boolean(),
})

export const latentDirection = z.object({
  /** unit vector in latent space */
  vector: z.array(z.number()),
  /** share of the first layer's variance along this principal component */
  explainedVariance: z.number(),
  /** standard deviation of sampled latents along the vector: the slider spans ±3 of these */
  sigma: z.number(),
})

export const latentDirections = z.object({
  checkpointId: id,
  /** latents sampled for the analysis */
  samples: count,
  directions: z.array(latentDirection),
})

export const pinnedFace = z.object({
  id,
  runId: id,
  /** the checkpoint it was pinned at; null once training pruned that checkpoint (the newest is used then) */
  checkpointId: id.nullable(),
  name: z.string(),
  latent: z.array(z.number()),
})

/** The wasm builds of TF.js the renderer generates with, as media ids (a file:// window cannot fetch them). */
export const generatorRuntime = z.object({ wasm: z.string(), wasmSimd: z.string(), wasmThreadedSimd: z.string() })

export const latentRequests = {
  /** `raw`: G's own weights instead of their moving average (a checkpoint from before the EMA has only those) */
  'latent.model': { args: checkpointRef.extend({ raw: z.boolean().optional() }), result: latentModel },
  'latent.directions': {
    args: checkpointRef.extend({ count: z.number().int().min(1).max(MAX_DIRECTIONS) }),
    result: latentDirections,
  },
  'latent.runtime': { args: z.strictObject({}), result: generatorRuntime },
  'faces.list': { args: z.strictObject({ runId: id }), result: list(pinnedFace) },
  'faces.pin': {
    args: z.strictObject({ runId: id, checkpointId: id.optional(), name: nonEmptyText(80), latent: latentVector }),
    result: pinnedFace,
  },
  'faces.rename': { args: z.strictObject({ faceId: id, name: nonEmptyText(80) }), result: pinnedFace },
  'faces.delete': { args: z.strictObject({ faceId: id }), result: z.object({ faceId: id }) },
} as const

export const latentEvents = {
  /** a face of this run was pinned, renamed or deleted */
  'faces.changed': z.object({ runId: id }),
} as const

export type LatentModel = z.infer<typeof latentModel>
export type LatentDirection = z.infer<typeof latentDirection>
export type LatentDirections = z.infer<typeof latentDirections>
export type PinnedFace = z.infer<typeof pinnedFace>
export type GeneratorRuntime = z.infer<typeof generatorRuntime>
