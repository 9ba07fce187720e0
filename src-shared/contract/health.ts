import { z } from 'zod'

export const HEALTH_KINDS = ['collapse', 'discriminator-won', 'generator-won', 'memorisation', 'overfitting'] as const

/** One training-health finding, in plain words: what is wrong, since which epoch, the figures that show it, what to do. */
export const healthItem = z.object({
  kind: z.enum(HEALTH_KINDS),
  since: z.number().int().min(0),
  evidence: z.string(),
  advice: z.string(),
})

export type HealthKind = (typeof HEALTH_KINDS)[number]
export type HealthItem = z.infer<typeof healthItem>
