import { z } from 'zod'

export const HEALTH_KINDS = ['collapse', 'discriminator-won', 'generator-won', 'memorisation', 'overfitting'] as const

/** One training-health finding, in plain words: what is wrong, since which epoch, the figures that show it, what to do. */
export const healthItem = z.object({
  kind: z.enum(HEALTH_KINDS),
  since: z.number().int().min(0),
  evidence: z.string(),
  advice: z.string(),
})

/** A preview face's nearest training photo (by media id), and how far it is from it (root-mean-square over pixels, 0 … 1). */
export const closestPhoto = z.object({
  faceMediaId: z.string(),
  /** null when the photo has since been deleted */
  photoMediaId: z.string().nullable(),
  distance: z.number(),
})

export const healthRequests = {
  /** The training photo nearest to preview face `cell` of `epoch`; null when that epoch's faces were not measured. */
  'runs.closestPhoto': {
    args: z.strictObject({
      runId: z.number().int().positive(),
      epoch: z.number().int().min(0),
      cell: z.number().int().min(0),
    }),
    result: closestPhoto.nullable(),
  },
} as const

export type ClosestPhoto = z.infer<typeof closestPhoto>
export type HealthKind = (typeof HEALTH_KINDS)[number]
export type HealthItem = z.infer<typeof healthItem>
