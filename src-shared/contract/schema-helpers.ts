import { z } from 'zod'

/** Bounded primitives: every string and array that crosses the bridge has a ceiling. */
export const MAX_TEXT = 4096
export const MAX_LIST = 10_000

export const text = (max = 200) => z.string().max(max)
export const nonEmptyText = (max = 200) => z.string().trim().min(1).max(max)
export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
export const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)
export const list = <T extends z.ZodType>(item: T, max = MAX_LIST) => z.array(item).max(max)
export const noArgs = z.strictObject({})
