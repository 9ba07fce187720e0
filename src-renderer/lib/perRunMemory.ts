import type { z } from 'zod'

/**
 * What a page remembers of a run across navigation and reloads (as W&B keeps a workspace's panels): view state
 * only, in this browser's localStorage. Anything unreadable (an older shape, storage turned off) reads as nothing.
 */
const keyOf = (what: string, runId: number | 'last') => `dcgan-studio.${what}.${runId}`

export function recall<T>(what: string, runId: number | 'last', schema: z.ZodType<T>): T | null {
  try {
    const raw = localStorage.getItem(keyOf(what, runId))
    if (raw === null) return null
    const parsed = schema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export function remember(what: string, runId: number | 'last', value: unknown): void {
  try {
    localStorage.setItem(keyOf(what, runId), JSON.stringify(value))
  } catch {
    // Full or disabled storage: the page works the same, it only forgets.
  }
}
