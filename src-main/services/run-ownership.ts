import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { StudioError } from '../../src-shared/contract/errors'
import type { RunCommandType, RunOwner, RunOwnerQueries } from '../db/queries/run-owner'

/** How often an owner writes its heartbeat, and how long without one makes it dead where its process cannot be checked. */
export const HEARTBEAT_MS = 5_000
export const STALE_AFTER_MS = 30_000

export class RunOwnedError extends StudioError {
  constructor(runId: number, owner: RunOwner, now = Date.now()) {
    const since = owner.since === null ? '' : ` since ${new Date(owner.since).toISOString()}`
    const beat =
      owner.heartbeatAt === null
        ? ''
        : ` (last heartbeat ${Math.max(0, Math.round((now - owner.heartbeatAt) / 1000))} s ago)`
    super(
      'CONFLICT',
      `Run ${runId} is being trained by another studio: process ${owner.pid ?? '?'} on ${owner.host ?? 'this machine'}${since}${beat}. ` +
        'A run has one owner at a time: pause, resume or stop it from any studio on this data folder and its owner does it.',
    )
  }
}

/**
 * One owner per run. Each studio instance has a random id; taking a run records it with the process id, host and time in
 * the same IMMEDIATE transaction that checks no live owner has it. Others reach the owner by leaving commands it polls.
 * An owner is alive while its heartbeat is fresh and, on this host, its process exists.
 */
export class RunOwnership {
  readonly id = randomUUID()
  readonly host = hostname()

  constructor(
    private readonly queries: RunOwnerQueries,
    private readonly isLiveHere: (runId: number) => boolean,
  ) {}

  /** The run's live owner when it is another studio (process, instance or machine); null when it is this one or none. */
  ownerElsewhere(runId: number): RunOwner | null {
    const owner = this.queries.owner(runId)
    if (!owner || !['running', 'paused', 'queued'].includes(owner.status) || owner.ownerId === this.id) return null
    return this.#isAlive(owner) ? owner : null
  }

  /** Takes the run for this studio and runs `claim` (the status change) in the same transaction, or refuses naming its owner. */
  claim(runId: number, claim: () => void): void {
    this.queries.exclusively(() => {
      const owner = this.ownerElsewhere(runId)
      if (owner) throw new RunOwnedError(runId, owner)
      claim()
      this.queries.setOwner(runId, { ownerId: this.id, host: this.host, since: Date.now() })
    })
  }

  /** Leaves `command` for the run's live owner elsewhere; false when it has none. */
  forward(runId: number, command: RunCommandType): boolean {
    const owner = this.ownerElsewhere(runId)
    if (owner?.ownerId == null) return false
    this.queries.leaveCommand(runId, owner.ownerId, command)
    return true
  }

  takeCommands(): { runId: number; command: RunCommandType }[] {
    return this.queries.takeCommands(this.id)
  }

  /** Runs in a live status that nobody trains: not this studio, and an owner that is dead (or this studio, which no longer has them). */
  orphaned(): number[] {
    return this.queries
      .liveOwners()
      .filter((owner) => !this.isLiveHere(owner.runId) && (owner.ownerId === this.id || !this.#isAlive(owner)))
      .map((owner) => owner.runId)
  }

  #isAlive(owner: RunOwner): boolean {
    if (owner.heartbeatAt === null || Date.now() - owner.heartbeatAt >= STALE_AFTER_MS) return false
    if (owner.host !== null && owner.host !== this.host) return true
    // This process: another studio instance in it (its heartbeat says it is alive), or this one before a restart.
    if (owner.pid === process.pid) return owner.ownerId !== null
    return owner.pid !== null && processExists(owner.pid)
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
