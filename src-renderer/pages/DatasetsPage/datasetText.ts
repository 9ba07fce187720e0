import type { DatasetSummary, ImageSize } from '../../../src-main/contract/datasets'

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? singular : pluralForm}`
}

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

export function durationLabel(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds))
  if (whole < 60) return `${whole} s`
  const minutes = Math.floor(whole / 60)
  if (minutes < 60) return `${minutes} min ${whole % 60} s`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

export function bytesLabel(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? plural(value, 'byte') : `${value.toFixed(1)} ${units[unit]}`
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
