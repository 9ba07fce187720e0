import type { DatasetSummary, ImageSize } from '../../../src-shared/contract/datasets'

export function channelsLabel(channels: DatasetSummary['channels']): string {
  return channels === 1 ? 'grayscale (1-channel)' : 'colour'
}

export function sizesLabel(sizes: readonly ImageSize[]): string {
  return `${[...sizes].sort((a, b) => a - b).join(' · ')} px`
}

/** `not-an-image` → `not an image`: the codes are already readable once the hyphens go. */
export function rejectionLabel(code: string): string {
  return code.replaceAll('-', ' ')
}

/** `base`, or `base 2`, `base 3`… whichever no existing dataset already uses (names are unique). */
export function unusedName(base: string, takenNames: readonly string[]): string {
  const taken = new Set(takenNames.map((name) => name.trim().toLowerCase()))
  if (!taken.has(base.trim().toLowerCase())) return base
  for (let suffix = 2; ; suffix += 1) {
    const candidate = `${base} ${suffix}`
    if (!taken.has(candidate.toLowerCase())) return candidate
  }
}
