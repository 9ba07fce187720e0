import type { BackendName } from '../../../src-shared/contract/device'
import { HEALTH_KINDS, type HealthItem } from '../../../src-shared/contract/health'
import type {
  CheckpointInfo,
  EpochQuality,
  EpochSamples,
  PresetName,
  RunHistory,
  RunSegment,
  RunStatus,
  RunSummary,
  StepRecord,
} from '../../../src-shared/contract/runs'
import { hyperparametersOf } from '../../../src-shared/contract/hyperparameters'
import { downsampleIndices } from './downsample'
import { assertTransition } from './run-status'
import { markBuckets, wholeBuckets } from './step-marks'
import type { StudioDatabase } from '../open-database'

export interface NewRun {
  name: string
  datasetId: number
  preset: PresetName
  config: unknown
  /** the run's TrainingPlan (JSON): its frozen images and schedule (without one, it is made at its first start) */
  plan?: unknown
  stepsPerEpoch?: number
  seed: number
  epochs: number
  notes: string
  tags: string[]
}

interface RunRow {
  id: number
  name: string
  dataset_id: number
  dataset_name: string
  preset: PresetName
  status: RunStatus
  status_reason: string | null
  epoch: number
  epochs: number
  step: number
  steps_per_epoch: number
  backend: BackendName | null
  device: string | null
  seed: number
  created_at: string
  d_loss: number | null
  g_loss: number | null
  cover_sample_id: number | null
  tags: string
  config: string
  segments: string
  health: string
  swd: number | null
  best_epoch: number | null
  best_swd: number | null
}

const SUMMARY_SELECT = `
  SELECT r.id, r.name, r.dataset_id, d.name AS dataset_name, r.preset, r.status, r.status_reason, r.epoch, r.epochs,
    r.step, r.steps_per_epoch, r.backend, r.device, r.seed, r.created_at, r.tags, r.config,
    last.d_loss, last.g_loss,
    (SELECT s.id FROM samples s WHERE s.run_id = r.id ORDER BY s.epoch DESC, s.cell LIMIT 1) AS cover_sample_id,
    (SELECT json_group_array(json_object('fromStep', g.from_step, 'changes', json(g.changes)))
       FROM (SELECT from_step, changes FROM run_segments WHERE run_id = r.id ORDER BY from_step) g) AS segments,
    (SELECT json_group_array(json_object('kind', h.kind, 'since', h.since, 'evidence', h.evidence, 'advice', h.advice))
       FROM run_health h WHERE h.run_id = r.id) AS health,
    (SELECT q.swd FROM epoch_quality q WHERE q.run_id = r.id ORDER BY q.epoch DESC LIMIT 1) AS swd,
    best.epoch AS best_epoch, best.swd AS best_swd
  FROM runs r
  JOIN datasets d ON d.id = r.dataset_id
  LEFT JOIN steps last ON last.run_id = r.id AND last.step = (SELECT max(step) FROM steps WHERE run_id = r.id)
  LEFT JOIN epoch_quality best ON best.run_id = r.id AND best.epoch = (SELECT q.epoch FROM epoch_quality q WHERE q.run_id = r.id ORDER BY q.swd, q.epoch LIMIT 1)`

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    name: row.name,
    datasetId: row.dataset_id,
    datasetName: row.dataset_name,
    preset: row.preset,
    status: row.status,
    statusReason: row.status_reason,
    epoch: row.epoch,
    epochs: row.epochs,
    step: row.step,
    stepsPerEpoch: row.steps_per_epoch,
    backend: row.backend,
    device: row.device,
    seed: row.seed,
    createdAt: row.created_at,
    latestLosses: row.d_loss === null || row.g_loss === null ? null : { dLoss: row.d_loss, gLoss: row.g_loss },
    coverMediaId: row.cover_sample_id === null ? null : `sample-${row.cover_sample_id}`,
    tags: JSON.parse(row.tags) as string[],
    hyperparameters: hyperparametersOf(JSON.parse(row.config) as Record<string, unknown>),
    segments: JSON.parse(row.segments) as RunSegment[],
    health: (JSON.parse(row.health) as HealthItem[]).sort(
      (a, b) => HEALTH_KINDS.indexOf(a.kind) - HEALTH_KINDS.indexOf(b.kind),
    ),
    swd: row.swd,
    bestEpoch: row.best_epoch,
    bestSwd: row.best_swd,
  }
}

const now = () => new Date().toISOString()

/** Ranges with more steps than this are read from `step_marks`. */
export const READ_MARKS_ABOVE = 50_000
const HISTORY_COLUMNS = 'step, epoch, d_loss, g_loss, d_real, d_fake'
/** `seconds`: the run's training time up to the end of that step (the sum of its steps' times: pauses and restarts left out) */
type HistoryRow = [
  step: number,
  epoch: number,
  dLoss: number,
  gLoss: number,
  dReal: number,
  dFake: number,
  seconds: number,
]

export class RunQueries {
  constructor(private readonly db: StudioDatabase) {}

  list(): RunSummary[] {
    return (this.db.prepare(`${SUMMARY_SELECT} ORDER BY r.id DESC`).all() as RunRow[]).map(toSummary)
  }

  summary(runId: number): RunSummary | undefined {
    const row = this.db.prepare(`${SUMMARY_SELECT} WHERE r.id = ?`).get(runId) as RunRow | undefined
    return row && toSummary(row)
  }

  config(runId: number): unknown {
    const text = this.db.prepare(`SELECT config FROM runs WHERE id = ?`).pluck().get(runId) as string | undefined
    return text === undefined ? undefined : JSON.parse(text)
  }

  /**
   * A resume from step `fromStep`: the segments after it are history that was discarded, and `changes` (when given)
   * replace the one there (none when they change nothing).
   */
  resumeSegments(runId: number, fromStep: number, changes: RunSegment['changes'] | null): void {
    this.db.transaction(() => {
      this.db
        .prepare(`DELETE FROM run_segments WHERE run_id = ? AND from_step ${changes ? '>=' : '>'} ?`)
        .run(runId, fromStep)
      if (changes && Object.keys(changes).length > 0) {
        this.db
          .prepare(`INSERT INTO run_segments (run_id, from_step, changes, created_at) VALUES (?, ?, ?, ?)`)
          .run(runId, fromStep, JSON.stringify(changes), now())
      }
    })()
  }

  /** A new total of epochs to train (a finished run trained further). */
  setEpochs(runId: number, epochs: number): void {
    this.db.prepare(`UPDATE runs SET epochs = ?, updated_at = ? WHERE id = ?`).run(epochs, now(), runId)
  }

  insert(run: NewRun): number {
    const at = now()
    return Number(
      this.db
        .prepare(
          `INSERT INTO runs (name, dataset_id, preset, config, plan, steps_per_epoch, seed, status, epochs, notes, tags, created_at, updated_at)
           VALUES (@name, @datasetId, @preset, @config, @plan, @stepsPerEpoch, @seed, 'queued', @epochs, @notes, @tags, @at, @at)`,
        )
        .run({
          ...run,
          config: JSON.stringify(run.config),
          plan: run.plan === undefined ? null : JSON.stringify(run.plan),
          stepsPerEpoch: run.stepsPerEpoch ?? 0,
          tags: JSON.stringify(run.tags),
          at,
        }).lastInsertRowid,
    )
  }

  /** The run's training plan (JSON), or null for a run created before plans were stored. */
  plan(runId: number): unknown {
    const text = this.db.prepare(`SELECT plan FROM runs WHERE id = ?`).pluck().get(runId) as string | null | undefined
    return text == null ? null : JSON.parse(text)
  }

  setPlan(runId: number, plan: unknown, stepsPerEpoch: number): void {
    this.db
      .prepare(`UPDATE runs SET plan = ?, steps_per_epoch = ?, updated_at = ? WHERE id = ?`)
      .run(JSON.stringify(plan), stepsPerEpoch, now(), runId)
  }

  status(runId: number): RunStatus | undefined {
    return this.db.prepare(`SELECT status FROM runs WHERE id = ?`).pluck().get(runId) as RunStatus | undefined
  }

  /** Moves a run to `status`, refusing a change the transition table does not allow (RunStatusError). */
  setStatus(runId: number, status: RunStatus, reason: string | null = null): void {
    this.db.transaction(() => {
      this.#assertTransition(runId, status)
      this.db
        .prepare(`UPDATE runs SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?`)
        .run(status, reason, now(), runId)
    })()
  }

  /** The run is training in a worker of process `ownerPid`. */
  claim(runId: number, ownerPid: number): void {
    this.db.transaction(() => {
      this.#assertTransition(runId, 'running')
      this.db
        .prepare(
          `UPDATE runs SET status = 'running', status_reason = NULL, owner_pid = ?, heartbeat_at = ?, updated_at = ? WHERE id = ?`,
        )
        .run(ownerPid, Date.now(), now(), runId)
    })()
  }

  #assertTransition(runId: number, to: RunStatus): void {
    const from = this.status(runId)
    if (from !== undefined) assertTransition(from, to)
  }

  started(
    runId: number,
    device: { backend: BackendName; device: string; versions: Record<string, string> },
    stepsPerEpoch: number,
  ): void {
    this.db
      .prepare(
        `UPDATE runs SET backend = ?, device = ?, versions = ?, steps_per_epoch = ?, heartbeat_at = ? WHERE id = ?`,
      )
      .run(device.backend, device.device, JSON.stringify(device.versions), stepsPerEpoch, Date.now(), runId)
  }

  /** One transaction per batch (about once a second), not one per step. */
  appendSteps(runId: number, steps: readonly StepRecord[]): void {
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO steps (run_id, step, epoch, d_loss, g_loss, d_real, d_fake, step_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.db.transaction(() => {
      for (const s of steps) insert.run(runId, s.step, s.epoch, s.dLoss, s.gLoss, s.dReal, s.dFake, s.stepMs)
      const first = steps[0]
      const last = steps.at(-1)
      if (!first || !last) return
      markBuckets(this.db, runId, first.step, last.step)
      this.db.prepare(`UPDATE runs SET step = ?, heartbeat_at = ? WHERE id = ?`).run(last.step, Date.now(), runId)
    })()
  }

  heartbeat(runId: number): void {
    this.db.prepare(`UPDATE runs SET heartbeat_at = ? WHERE id = ?`).run(Date.now(), runId)
  }

  addSamples(runId: number, epoch: number, step: number, files: readonly string[]): void {
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO samples (run_id, epoch, step, cell, file) VALUES (?, ?, ?, ?, ?)`,
    )
    this.db.transaction(() => files.forEach((file, cell) => insert.run(runId, epoch, step, cell, file)))()
  }

  /** The health found after `epoch`: it replaces the run's previous findings. */
  setHealth(runId: number, epoch: number, items: readonly HealthItem[]): void {
    const insert = this.db.prepare(
      `INSERT INTO run_health (run_id, kind, since, evidence, advice, epoch) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM run_health WHERE run_id = ?`).run(runId)
      for (const item of items) insert.run(runId, item.kind, item.since, item.evidence, item.advice, epoch)
    })()
  }

  /** Each preview face of `epoch`, in cell order: its nearest training photo and the distance. */
  setNearestPhotos(runId: number, epoch: number, nearest: readonly { imageId: number; distance: number }[]): void {
    const update = this.db.prepare(
      `UPDATE samples SET nearest_image_id = ?, nearest_distance = ? WHERE run_id = ? AND epoch = ? AND cell = ?`,
    )
    this.db.transaction(() =>
      nearest.forEach(({ imageId, distance }, cell) => update.run(imageId, distance, runId, epoch, cell)),
    )()
  }

  /** Preview face `cell` of `epoch` and its nearest training photo (the photo's id null when gone), if it was measured. */
  nearestPhoto(
    runId: number,
    epoch: number,
    cell: number,
  ): { sampleId: number; imageId: number | null; distance: number } | undefined {
    return this.db
      .prepare(
        `SELECT s.id AS sampleId, i.id AS imageId, s.nearest_distance AS distance FROM samples s LEFT JOIN images i ON i.id = s.nearest_image_id
         WHERE s.run_id = ? AND s.epoch = ? AND s.cell = ? AND s.nearest_distance IS NOT NULL`,
      )
      .get(runId, epoch, cell) as { sampleId: number; imageId: number | null; distance: number } | undefined
  }

  addQuality(runId: number, quality: EpochQuality): void {
    this.db
      .prepare(`INSERT OR REPLACE INTO epoch_quality (run_id, epoch, step, swd) VALUES (?, ?, ?, ?)`)
      .run(runId, quality.epoch, quality.step, quality.swd)
  }

  /** The scored epochs, oldest first. */
  quality(runId: number): EpochQuality[] {
    return this.db
      .prepare(`SELECT epoch, step, swd FROM epoch_quality WHERE run_id = ? ORDER BY epoch`)
      .all(runId) as EpochQuality[]
  }

  sampleFile(sampleId: number): string | undefined {
    return this.db.prepare(`SELECT file FROM samples WHERE id = ?`).pluck().get(sampleId) as string | undefined
  }

  /** The checkpoint row is written only after its folder was renamed into place. */
  addCheckpoint(runId: number, epoch: number, step: number, folder: string, bytes: number): void {
    this.db.transaction(() => {
      this.db
        // A checkpoint rewritten at the same step (a stop right after a resume) keeps its id and its kept mark.
        .prepare(
          `INSERT INTO checkpoints (run_id, epoch, step, folder, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_id, step) DO UPDATE SET epoch = excluded.epoch, folder = excluded.folder, bytes = excluded.bytes, created_at = excluded.created_at`,
        )
        .run(runId, epoch, step, folder, bytes, now())
      this.db
        .prepare(`UPDATE runs SET epoch = ?, step = max(step, ?), updated_at = ? WHERE id = ?`)
        .run(epoch, step, now(), runId)
    })()
  }

  latestCheckpoint(runId: number): { folder: string; epoch: number; step: number } | undefined {
    return this.db
      .prepare(`SELECT folder, epoch, step FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1`)
      .get(runId) as { folder: string; epoch: number; step: number } | undefined
  }

  checkpoint(runId: number, checkpointId: number): { folder: string; epoch: number; step: number } | undefined {
    return this.db
      .prepare(`SELECT folder, epoch, step FROM checkpoints WHERE run_id = ? AND id = ?`)
      .get(runId, checkpointId) as { folder: string; epoch: number; step: number } | undefined
  }

  /**
   * Takes a run back to a checkpoint: forgets the checkpoints, faces, epoch scores and health findings that came after it and sets its epoch.
   * Returns the files and folders that are no longer referenced (steps are truncated by `truncateSteps`).
   */
  rewind(runId: number, to: { epoch: number; step: number }): { checkpointFolders: string[]; sampleFiles: string[] } {
    return this.db.transaction(() => {
      const checkpointFolders = this.db
        .prepare(`SELECT folder FROM checkpoints WHERE run_id = ? AND step > ?`)
        .pluck()
        .all(runId, to.step) as string[]
      const sampleFiles = this.db
        .prepare(`SELECT file FROM samples WHERE run_id = ? AND epoch > ?`)
        .pluck()
        .all(runId, to.epoch) as string[]
      this.db.prepare(`DELETE FROM checkpoints WHERE run_id = ? AND step > ?`).run(runId, to.step)
      this.db.prepare(`DELETE FROM samples WHERE run_id = ? AND epoch > ?`).run(runId, to.epoch)
      this.db.prepare(`DELETE FROM run_health WHERE run_id = ? AND epoch > ?`).run(runId, to.epoch)
      this.db.prepare(`DELETE FROM epoch_quality WHERE run_id = ? AND epoch > ?`).run(runId, to.epoch)
      this.db.prepare(`UPDATE runs SET epoch = ?, updated_at = ? WHERE id = ?`).run(to.epoch, now(), runId)
      return { checkpointFolders, sampleFiles }
    })()
  }

  /** Checkpoints beyond the newest `keep`, not marked to be kept: their folders may go. */
  prunableCheckpoints(runId: number, keep: number): { id: number; folder: string }[] {
    return this.db
      .prepare(`SELECT id, folder FROM checkpoints WHERE run_id = ? AND kept = 0 ORDER BY step DESC LIMIT -1 OFFSET ?`)
      .all(runId, keep) as { id: number; folder: string }[]
  }

  /** Returns false when the run has no such checkpoint. */
  setCheckpointKept(runId: number, checkpointId: number, kept: boolean): boolean {
    return (
      this.db
        .prepare(`UPDATE checkpoints SET kept = ? WHERE run_id = ? AND id = ?`)
        .run(kept ? 1 : 0, runId, checkpointId).changes === 1
    )
  }

  deleteCheckpoint(checkpointId: number): void {
    this.db.prepare(`DELETE FROM checkpoints WHERE id = ?`).run(checkpointId)
  }

  /** Steps a resumed run will redo: everything after the checkpoint it resumes from. */
  truncateSteps(runId: number, afterStep: number): void {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM steps WHERE run_id = ? AND step > ?`).run(runId, afterStep)
      this.db.prepare(`DELETE FROM step_marks WHERE run_id = ? AND step > ?`).run(runId, afterStep)
      markBuckets(this.db, runId, afterStep, afterStep)
      this.db.prepare(`UPDATE runs SET step = ? WHERE id = ?`).run(afterStep, runId)
    })()
  }

  /** Runs marked live whose owner is gone: a crash, kill -9 or power loss. */
  liveRuns(): { id: number; owner_pid: number | null; heartbeat_at: number | null }[] {
    return this.db
      .prepare(`SELECT id, owner_pid, heartbeat_at FROM runs WHERE status IN ('running', 'paused', 'queued')`)
      .all() as {
      id: number
      owner_pid: number | null
      heartbeat_at: number | null
    }[]
  }

  details(runId: number): { config: string; versions: string | null; notes: string } | undefined {
    return this.db.prepare(`SELECT config, versions, notes FROM runs WHERE id = ?`).get(runId) as
      { config: string; versions: string | null; notes: string } | undefined
  }

  checkpoints(runId: number): (CheckpointInfo & { folder: string })[] {
    const rows = this.db
      .prepare(
        `SELECT id, epoch, step, bytes, created_at AS createdAt, kept, folder FROM checkpoints WHERE run_id = ? ORDER BY step`,
      )
      .all(runId) as (Omit<CheckpointInfo, 'kept'> & { kept: 0 | 1; folder: string })[]
    return rows.map((row) => ({ ...row, kept: row.kept === 1 }))
  }

  /**
   * A step range through the primary key, downsampled in main so the renderer never gets a whole long history.
   * A long range is read from its marked steps (each bucket's extremes) plus the steps of its partial end buckets,
   * not step by step.
   */
  history(runId: number, fromStep: number, toStep: number, maxPoints: number): RunHistory {
    const totalSteps = this.#countSteps(runId, 0, Number.MAX_SAFE_INTEGER)
    const inRange =
      fromStep <= 0 && toStep >= Number.MAX_SAFE_INTEGER ? totalSteps : this.#countSteps(runId, fromStep, toStep)
    const whole = inRange > Math.max(maxPoints, READ_MARKS_ABOVE) ? wholeBuckets(fromStep, toStep) : null
    const rows = whole
      ? [
          ...this.#stepRows(runId, fromStep, whole.first - 1),
          ...this.#markedRows(runId, whole.first, whole.last),
          ...this.#stepRows(runId, whole.last + 1, toStep),
        ]
      : this.#stepRows(runId, fromStep, toStep)
    const column = (index: number) => rows.map((row) => row[index]!)
    const columns = [column(0), column(1), column(2), column(3), column(4), column(5), column(6)]
    const keep = downsampleIndices(rows.length, maxPoints, columns.slice(2))
    const pick = (values: number[]) => (keep.length === values.length ? values : keep.map((index) => values[index]!))
    return {
      totalSteps,
      downsampled: keep.length < inRange,
      step: pick(columns[0]!),
      epoch: pick(columns[1]!),
      dLoss: pick(columns[2]!),
      gLoss: pick(columns[3]!),
      dReal: pick(columns[4]!),
      dFake: pick(columns[5]!),
      seconds: pick(columns[6]!),
    }
  }

  #trainingMsBefore(runId: number, step: number): number {
    return this.db
      .prepare(`SELECT coalesce(sum(step_ms), 0) FROM steps WHERE run_id = ? AND step < ?`)
      .pluck()
      .get(runId, step) as number
  }

  #countSteps(runId: number, fromStep: number, toStep: number): number {
    return this.db
      .prepare(`SELECT count(*) FROM steps WHERE run_id = ? AND step BETWEEN ? AND ?`)
      .pluck()
      .get(runId, fromStep, toStep) as number
  }

  #stepRows(runId: number, fromStep: number, toStep: number): HistoryRow[] {
    if (fromStep > toStep) return []
    return this.db
      .prepare(
        `SELECT ${HISTORY_COLUMNS}, (@before + sum(step_ms) OVER (ORDER BY step)) / 1000.0
         FROM steps WHERE run_id = @runId AND step BETWEEN @fromStep AND @toStep ORDER BY step`,
      )
      .raw()
      .all({ runId, fromStep, toStep, before: this.#trainingMsBefore(runId, fromStep) }) as HistoryRow[]
  }

  #markedRows(runId: number, fromStep: number, toStep: number): HistoryRow[] {
    return this.db
      .prepare(
        // the running time needs every step's time up to the last mark, not only the marked steps'
        `SELECT ${HISTORY_COLUMNS}, seconds FROM step_marks m
         JOIN (SELECT run_id, step, epoch, d_loss, g_loss, d_real, d_fake, sum(step_ms) OVER (ORDER BY step) / 1000.0 AS seconds
               FROM steps WHERE run_id = @runId AND step <= @toStep) USING (run_id, step)
         WHERE m.run_id = @runId AND m.step BETWEEN @fromStep AND @toStep ORDER BY m.step`,
      )
      .raw()
      .all({ runId, fromStep, toStep }) as HistoryRow[]
  }

  samplesByEpoch(runId: number): EpochSamples[] {
    return this.#samplesGrouped(runId, (row) => `sample-${row.id}`).map(({ epoch, step, items }) => ({
      epoch,
      step,
      cells: items,
    }))
  }

  /** The stored preview files of every epoch, in cell order (main only: paths never cross the bridge). */
  sampleFilesByEpoch(runId: number): { epoch: number; step: number; files: string[] }[] {
    return this.#samplesGrouped(runId, (row) => row.file).map(({ epoch, step, items }) => ({
      epoch,
      step,
      files: items,
    }))
  }

  #samplesGrouped<T>(
    runId: number,
    item: (row: { id: number; file: string }) => T,
  ): { epoch: number; step: number; items: T[] }[] {
    const rows = this.db
      .prepare(`SELECT id, epoch, step, file FROM samples WHERE run_id = ? ORDER BY epoch, cell`)
      .all(runId) as {
      id: number
      epoch: number
      step: number
      file: string
    }[]
    const epochs = new Map<number, { epoch: number; step: number; items: T[] }>()
    for (const row of rows) {
      const entry = epochs.get(row.epoch) ?? { epoch: row.epoch, step: row.step, items: [] }
      entry.items.push(item(row))
      epochs.set(row.epoch, entry)
    }
    return [...epochs.values()]
  }

  update(runId: number, fields: { name?: string; notes?: string; tags?: string[] }): void {
    this.db
      .prepare(
        `UPDATE runs SET name = coalesce(@name, name), notes = coalesce(@notes, notes), tags = coalesce(@tags, tags), updated_at = @at WHERE id = @runId`,
      )
      .run({
        runId,
        name: fields.name ?? null,
        notes: fields.notes ?? null,
        tags: fields.tags ? JSON.stringify(fields.tags) : null,
        at: now(),
      })
  }

  delete(runId: number): void {
    this.db.prepare(`DELETE FROM runs WHERE id = ?`).run(runId)
  }
}
