import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { initBackend } from '../engine/backends'
import { CheckpointError, readCheckpoint, writeCheckpoint } from '../engine/checkpoint'
import type { Dataset } from '../engine/dataset'
import { HealthMonitor } from '../engine/health-monitor'
import { EpochSwd } from '../engine/epoch-swd'
import { Trainer, type NonFinite, type StepMetrics } from '../engine/trainer'
import { TrainingPlan } from '../engine/training-plan'
import { loadDataset } from './load-dataset'
import type { DeviceReport } from '../../src-shared/contract/device'
import type { StepRecord } from '../../src-shared/contract/runs'
import { diskFullReason, isDiskFull } from '../services/disk-full'
import type { TrainingCommand, TrainingReport } from '../services/training-protocol'

type StartCommand = Extract<TrainingCommand, { type: 'start' }>

const FLUSH_EVERY_MS = 1000

export interface SessionOptions {
  /** the share of training time the per-epoch SWD may take (EpochSwd's cadence) */
  swdBudget?: number
}

export interface SessionFiles {
  writeCheckpoint: typeof writeCheckpoint
  writeFace: (
    file: string,
    pixels: Uint8Array,
    raw: { width: number; height: number; channels: 1 | 3 },
  ) => Promise<unknown>
}

const writeFace: SessionFiles['writeFace'] = (file, pixels, raw) => sharp(pixels, { raw }).png().toFile(file)

/**
 * One run inside the training worker: trains epoch after epoch, streams step metrics in batches,
 * writes the fixed-noise faces at step 0 and after every epoch, and checkpoints after every epoch and on stop. After an
 * epoch's checkpoint it scores the epoch (EpochSwd: SWD of EMA faces against the run's images) when that is due, and
 * reports the run's health (HealthMonitor: the faces against the run's photos, the last steps, that SWD).
 * It never touches the database: everything it produces is reported to main.
 */
export class TrainingSession {
  #pausedUntil: { promise: Promise<void>; resume: () => void } | null = null
  #stopRequested = false
  #pending: StepRecord[] = []
  #lastFlush = performance.now()
  #checkpointedStep = -1
  #health: HealthMonitor | null = null
  /** the preview faces last written, which the epoch's health is measured on */
  #faces: Uint8Array | null = null
  /** training time of the current epoch's steps (pauses left out) */
  #epochMs = 0
  #swd: EpochSwd | null = null
  private readonly files: SessionFiles

  constructor(
    private readonly command: StartCommand,
    private readonly report: (report: TrainingReport) => void,
    files: Partial<SessionFiles> = {},
    private readonly options: SessionOptions = {},
  ) {
    this.files = { writeCheckpoint, writeFace, ...files }
  }

  pause(reason: string | null = null): void {
    if (this.#pausedUntil) return
    let resume!: () => void
    const promise = new Promise<void>((resolve) => (resume = resolve))
    this.#pausedUntil = { promise, resume }
    this.#flush()
    this.report({ type: 'paused', reason })
  }

  /** Reported here, not where the loop waits: a resume that comes before the loop reaches its wait is still one. */
  resume(): void {
    const paused = this.#pausedUntil
    if (!paused) return
    this.#pausedUntil = null
    paused.resume()
    if (!this.#stopRequested) this.report({ type: 'resumed' })
  }

  stop(): void {
    this.#stopRequested = true
    this.resume()
  }

  async run(): Promise<void> {
    const prepared = await this.#prepare()
    if (!prepared) return
    const { device, plan, trainer, dataset } = prepared
    this.#health = new HealthMonitor(dataset, trainer.config.loss !== 'wgan')
    try {
      this.report({
        type: 'started',
        device,
        stepsPerEpoch: plan.stepsPerEpoch,
        step: trainer.stepsDone,
        epoch: trainer.epochsDone,
      })
      if (trainer.stepsDone === 0) await this.#endEpoch(trainer, false)

      while (trainer.stepsDone < plan.plannedSteps && !this.#stopRequested) {
        if (this.#pausedUntil) {
          await this.#pausedUntil.promise
          continue
        }
        const { metrics, epochEnded } = await trainer.step()
        if (metrics.nonFinite) return this.#failed(metrics.nonFinite, metrics.step + 1)
        this.#record(metrics)
        if (epochEnded) {
          this.#flush()
          await this.#endEpoch(trainer)
        }
      }
      this.#flush()
      if (this.#stopRequested) {
        await this.#checkpoint(trainer)
        this.report({ type: 'stopped' })
      } else {
        this.report({ type: 'finished' })
      }
    } finally {
      trainer.dispose()
    }
  }

  /**
   * Everything the run needs, loaded and checked before anything is written: the backend, the plan, the dataset's
   * cache, and for a resume the checkpoint (its hashes) and that it was trained on the plan's images. When something
   * is wrong the run is refused with what to do, and main leaves it as it was.
   */
  async #prepare(): Promise<{ device: DeviceReport; plan: TrainingPlan; trainer: Trainer; dataset: Dataset } | null> {
    const { command } = this
    try {
      const device = await initBackend(command.backend)
      const plan = TrainingPlan.fromJson(command.plan)
      const dataset = await this.#loadDataset()
      const trainer = command.resumeFrom
        ? await this.#restore(command.resumeFrom, dataset, plan)
        : new Trainer(command.config, dataset, plan)
      this.#swd = new EpochSwd(trainer.config, dataset, this.options.swdBudget)
      return { device, plan, trainer, dataset }
    } catch (error) {
      this.report({ type: 'refused', reason: error instanceof Error ? error.message : String(error) })
      return null
    }
  }

  async #loadDataset(): Promise<Dataset> {
    const { cachePath, positions, config } = this.command
    try {
      return await loadDataset(cachePath, positions, config.channels)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      const size = config.imageSize
      throw new Error(
        `The dataset's training cache of ${size}×${size} images is missing (${cachePath}). Import the dataset again at ${size} px, or restore its folder, then try again.`,
        { cause: error },
      )
    }
  }

  /** The checkpoint's state, with the optimiser settings the run has now (a resume may lower the learning rate). */
  async #restore(folder: string, dataset: Dataset, plan: TrainingPlan): Promise<Trainer> {
    const fromEarlier =
      "Resume from an earlier checkpoint instead (`dcgan-studio resume <run> --from-epoch N`, or a checkpoint's Resume button on the Run page)."
    let snapshot
    try {
      snapshot = await readCheckpoint(folder)
    } catch (error) {
      if (error instanceof CheckpointError) throw new Error(`${error.message}. ${fromEarlier}`, { cause: error })
      throw error
    }
    const mismatch = plan.mismatch(TrainingPlan.fromJson(snapshot.plan))
    if (mismatch) throw new Error(`Checkpoint ${folder} does not belong to this run: ${mismatch}. ${fromEarlier}`)
    return Trainer.fromSnapshot(
      { ...snapshot, config: { ...snapshot.config, optimizer: this.command.config.optimizer } },
      dataset,
      plan,
    )
  }

  #failed(nonFinite: NonFinite, step: number): void {
    this.#flush()
    this.report({
      type: 'failed',
      reason: `${nonFinite.message} at step ${step}. Nothing non-finite was saved: resume from the last checkpoint with a lower learning rate.`,
    })
  }

  #record(metrics: StepMetrics): void {
    const { step, epoch, dLoss, gLoss, dReal, dFake, stepMs } = metrics
    this.#pending.push({ step, epoch, dLoss, gLoss, dReal, dFake, stepMs })
    this.#health?.addStep({ epoch, dLoss, gLoss, dReal, dFake })
    this.#epochMs += stepMs
    if (performance.now() - this.#lastFlush >= FLUSH_EVERY_MS) this.#flush()
  }

  #flush(): void {
    this.#lastFlush = performance.now()
    if (this.#pending.length === 0) return
    this.report({ type: 'steps', steps: this.#pending })
    this.#pending = []
  }

  /**
   * The epoch's faces, then its checkpoint. A full disk pauses the run here, and once it is resumed (nothing was trained
   * meanwhile) what is missing is written again: no epoch goes on without its faces and its checkpoint.
   */
  async #endEpoch(trainer: Trainer, withCheckpoint = true): Promise<void> {
    let facesWritten = false
    while (!this.#stopRequested) {
      const facesFull: string | null = facesWritten ? null : await this.#writeSamples(trainer)
      facesWritten = facesFull === null
      const checkpointFull = withCheckpoint ? await this.#checkpoint(trainer) : null
      const reason = checkpointFull ?? facesFull
      if (reason === null) {
        if (withCheckpoint) await this.#reportHealth(trainer, await this.#scoreEpoch(trainer))
        return
      }
      this.pause(reason)
      await this.#pausedUntil?.promise
    }
  }

  /** The epoch's SWD, when it is due (see EpochSwd); reported after its checkpoint, so a stored figure has one. */
  async #scoreEpoch(trainer: Trainer): Promise<number | undefined> {
    const epoch = trainer.epochsDone
    const epochMs = this.#epochMs
    this.#epochMs = 0
    if (!this.#swd?.due(epoch, trainer.plan.epochsDone(trainer.plan.plannedSteps))) return undefined
    const { swd } = await this.#swd.evaluate(epoch, epochMs, (latents) => trainer.generate(latents))
    this.report({ type: 'quality', epoch, step: trainer.stepsDone, swd })
    return swd
  }

  /** Writes the epoch's faces; on a full disk, says so instead. */
  async #writeSamples(trainer: Trainer): Promise<string | null> {
    const epoch = trainer.epochsDone
    const { imageSize: size, channels } = trainer.config
    const pixels = await trainer.generateFixed()
    this.#faces = pixels
    const folder = join(this.command.samplesDir, `epoch-${String(epoch).padStart(5, '0')}`)
    const perImage = size * size * channels
    let files: string[]
    try {
      await mkdir(folder, { recursive: true })
      files = await Promise.all(
        Array.from({ length: pixels.length / perImage }, async (_, cell) => {
          const file = join(folder, `cell-${String(cell).padStart(2, '0')}.png`)
          await this.files.writeFace(file, pixels.subarray(cell * perImage, (cell + 1) * perImage), {
            width: size,
            height: size,
            channels: channels as 1 | 3,
          })
          return file
        }),
      )
    } catch (error) {
      if (!isDiskFull(error)) throw error
      return diskFullReason(`the faces of epoch ${epoch} could not be written; training waits for them`)
    }
    this.report({ type: 'samples', epoch, step: trainer.stepsDone, files })
    return null
  }

  /**
   * The run's health after the epoch, measured on the faces just written (after the checkpoint, so a slow search never
   * delays it), with the epoch's SWD when it was scored. Not at step 0: an untrained generator's faces say nothing.
   */
  async #reportHealth(trainer: Trainer, swd: number | undefined): Promise<void> {
    const faces = this.#faces
    if (!this.#health || !faces) return
    const { imageSize: size, channels } = trainer.config
    const adaptive = trainer.augmentMode.kind === 'adaptive'
    const { items, nearest } = await this.#health.endEpoch({
      epoch: trainer.epochsDone,
      faces: { count: faces.length / (size * size * channels), size, channels, pixels: faces },
      ...(adaptive && { augmentP: trainer.augment.p }),
      ...(swd !== undefined && { swd }),
    })
    const imageIds = trainer.plan.json.imageIds
    this.report({
      type: 'health',
      epoch: trainer.epochsDone,
      step: trainer.stepsDone,
      items,
      nearest: nearest.map((n) => ({ imageId: imageIds[n.index]!, distance: n.distance })),
    })
  }

  /** Writes the checkpoint (once per step); on a full disk, says so instead. */
  async #checkpoint(trainer: Trainer): Promise<string | null> {
    if (this.#checkpointedStep === trainer.stepsDone) return null
    try {
      const { folder, bytes } = await this.files.writeCheckpoint(this.command.checkpointsDir, await trainer.snapshot())
      this.#checkpointedStep = trainer.stepsDone
      this.report({ type: 'checkpoint', epoch: trainer.epochsDone, step: trainer.stepsDone, folder, bytes })
      return null
    } catch (error) {
      if (!isDiskFull(error)) throw error
      return diskFullReason('the checkpoint could not be written; the previous one is intact')
    }
  }
}
