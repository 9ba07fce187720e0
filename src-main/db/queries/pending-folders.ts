import type { Database } from 'better-sqlite3'

const PREFIX = 'pending-folder:'

/** Why a folder is recorded: an import writing it (it may still be in flight in another process) or a deletion. */
export type PendingReason = 'import' | 'delete'

export interface PendingFolder {
  name: string
  reason: PendingReason
  since: number
}

/**
 * Dataset folders the studio is about to make or remove, written before the folder is touched and cleared in the
 * transaction that makes its row (or after it is gone): a crash in between leaves a record, and start-up cleanup removes
 * only recorded folders, never "whatever the database does not know". Kept as `settings` rows, so no new table.
 */
export class PendingFolders {
  constructor(private readonly db: Database) {}

  record(name: string, reason: PendingReason, since = Date.now()): void {
    this.db
      .prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)`)
      .run(PREFIX + name, JSON.stringify({ reason, since }))
  }

  clear(name: string): void {
    this.db.prepare(`DELETE FROM settings WHERE key = ?`).run(PREFIX + name)
  }

  list(): PendingFolder[] {
    const rows = this.db
      .prepare(`SELECT key, value FROM settings WHERE key LIKE ? ESCAPE '\\'`)
      .all(`${PREFIX.replace(/[%_\\]/g, '\\$&')}%`) as { key: string; value: string }[]
    return rows.map(({ key, value }) => ({
      name: key.slice(PREFIX.length),
      ...(JSON.parse(value) as { reason: PendingReason; since: number }),
    }))
  }
}
