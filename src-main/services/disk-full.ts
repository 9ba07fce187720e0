/** A write refused for lack of space: the file system's (ENOSPC, a quota's EDQUOT) or SQLite's ("database or disk is full"). */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL'
}

/** The one way a run says it paused for a full disk: what could not be written, then what to do. */
export function diskFullReason(what: string): string {
  return `The disk is full, so ${what}. Free some space, then resume.`
}
