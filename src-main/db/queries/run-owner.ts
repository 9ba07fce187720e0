import type { StepRecord } from '../../../src-shared/contract/runs'
import type { StudioDatabase } from '../open-database'

/** Who trains a run: a studio instance (its random id), in process `pid` on `host`, since `since`, alive at `heartbeatAt`. */
export interface RunOwner {
  ownerId: string | null
  pid: number | null
  host: string | null
  since: number | null
  heartbeatAt: number | null
}

export type RunCommandType = 'pause' | 'resume' | 'stop'

/** A run's row as another process may have changed it; what the live view compares. */
export interface RunState {
  id: number
  status: string
  statusReason: string | null
  step: number
  epoch: number
  updatedAt: string
}

const OWNER_COLUMNS = `owner_id AS ownerId, owner_pid AS pid, owner_host AS host, owner_since AS since, heartbeat_at AS heartbeatAt`

/** The ownership columns of `runs`, the commands left for owners (`run_commands`), and what the live view reads. */
export class RunOwnerQueries {
  constructor(private readonly db: StudioDatabase) {}

  /** Runs in a live status (queued, running, paused) with their owner. */
  liveOwners(): (RunOwner & { runId: number })[] {
    return this.db
      .prepare(`SELECT id AS runId, ${OWNER_COLUMNS} FROM runs WHERE status IN ('running', 'paused', 'queued')`)
      .all() as (RunOwner & { runId: number })[]
  }

  owner(runId: number): (RunOwner & { status: string }) | undefined {
    return this.db.prepare(`SELECT status, ${OWNER_COLUMNS} FROM runs WHERE id = ?`).get(runId) as
      (RunOwner & { status: string }) | undefined
  }

  setOwner(runId: number, owner: { ownerId: string; host: string; since: number }): void {
    this.db
      .prepare(`UPDATE runs SET owner_id = ?, owner_host = ?, owner_since = ? WHERE id = ?`)
      .run(owner.ownerId, owner.host, owner.since, runId)
  }

  /** `fn` in one IMMEDIATE transaction: no other process can write between the check of the owner and the claim. */
  exclusively<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate()
  }

  leaveCommand(runId: number, ownerId: string, command: RunCommandType): void {
    this.db
      .prepare(`INSERT INTO run_commands (run_id, owner_id, command, created_at) VALUES (?, ?, ?, ?)`)
      .run(runId, ownerId, command, Date.now())
  }

  /** The commands left for `ownerId`, oldest first, removed as they are read. */
  takeCommands(ownerId: string): { runId: number; command: RunCommandType }[] {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT run_id AS runId, command FROM run_commands WHERE owner_id = ? ORDER BY id`)
        .all(ownerId) as { runId: number; command: RunCommandType }[]
      if (rows.length > 0) this.db.prepare(`DELETE FROM run_commands WHERE owner_id = ?`).run(ownerId)
      return rows
    })()
  }

  /** Increases when another connection (another process, another studio) commits. */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number
  }

  states(): RunState[] {
    return this.db
      .prepare(`SELECT id, status, status_reason AS statusReason, step, epoch, updated_at AS updatedAt FROM runs`)
      .all() as RunState[]
  }

  stepsAfter(runId: number, afterStep: number): StepRecord[] {
    return this.db
      .prepare(
        `SELECT step, epoch, d_loss AS dLoss, g_loss AS gLoss, d_real AS dReal, d_fake AS dFake, step_ms AS stepMs FROM steps WHERE run_id = ? AND step > ? ORDER BY step`,
      )
      .all(runId, afterStep) as StepRecord[]
  }
}
