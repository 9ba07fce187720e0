/** A write refused for lack of space: the file system's (ENOSPC, a quota's EDQUOT) or SQLite's ("database or disk is full"). */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL'
}

/** The one way the studio says a disk is full: what could not be written (and what was kept), then what to do. */
export function diskFullMessage(what: string, retry: string): string {
  return `The disk is full, so ${what}. Free some space, then ${retry}.`
}

/** Why a run paused for a full disk. */
export function diskFullReason(what: string): string {
  return diskFullMessage(what, 'resume')
}
