import { StudioError } from '../../src-shared/contract/errors'
import type { BackendName } from '../../src-shared/contract/device'
import type { PreflightEstimate } from '../../src-shared/contract/runs'
import { swdEvaluations } from '../engine/epoch-swd'
import type { TrainConfig } from '../engine/presets'
import type { SpawnTrainingProcess } from './training-process'
import type { TrainingCommand, TrainingReport } from './training-protocol'

/** How long a pre-flight measurement answers requests for the same plan. */
const PREFLIGHT_REUSE_MS = 5 * 60_000

type PreflightCommand = Extract<TrainingCommand, { type: 'preflight' }>
type PreflightReport = Extract<TrainingReport, { type: 'preflight' }>

/**
 * Pre-flights: a few real steps of the planned run in a worker, extrapolated to time, memory and disk. They run one
 * at a time (two would slow each other down and both be wrong), and a measurement is reused for a while by requests
 * that differ only in what it does not depend on (epochs, seed, name), so the form can re-ask freely.
 */
export class RunPreflight {
  readonly #measured = new Map<string, { at: number; report: Promise<PreflightReport> }>()
  #queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly spawn: SpawnTrainingProcess,
    private readonly keepCheckpoints: number,
  ) {}

  async estimate(
    command: Omit<PreflightCommand, 'type'> & { config: TrainConfig; backend: BackendName | 'auto' },
    epochs: number,
  ): Promise<PreflightEstimate> {
    const key = JSON.stringify({
      ...command,
      config: { ...command.config, seed: 0 },
      plan: { ...command.plan, seed: 0, epochs: 1 },
    })
    const now = Date.now()
    for (const [oldKey, entry] of this.#measured) if (now - entry.at > PREFLIGHT_REUSE_MS) this.#measured.delete(oldKey)
    let measured = this.#measured.get(key)?.report
    if (!measured) {
      const report = this.#queue.then(() => this.#measure({ type: 'preflight', ...command }))
      this.#queue = report.then(
        () => {},
        () => {},
      )
      report.catch(() => this.#measured.delete(key))
      this.#measured.set(key, { at: now, report })
      measured = report
    }
    const report = await measured
    const stepsMs = report.msPerStep * report.stepsPerEpoch
    // the epochs the run will score, spread over all of them (the first and the last always are)
    const swdMsPerEpoch = (swdEvaluations(epochs, report.swdMs, stepsMs) * report.swdMs) / epochs
    const epochEndMs = report.epochEndMs + swdMsPerEpoch
    const secondsPerEpoch = (stepsMs + epochEndMs) / 1000
    const startupSeconds = (report.startupMs + report.swdSetupMs) / 1000
    return {
      backend: report.device.backend,
      device: report.device.device,
      msPerStep: report.msPerStep,
      stepsPerEpoch: report.stepsPerEpoch,
      epochEndSeconds: epochEndMs / 1000,
      secondsPerEpoch,
      startupSeconds,
      totalSeconds: startupSeconds + secondsPerEpoch * epochs,
      peakMemoryBytes: Math.round(report.peakMemoryBytes),
      diskBytes: Math.round(
        report.checkpointBytes * Math.min(this.keepCheckpoints, epochs) + report.samplesBytes * (epochs + 1),
      ),
    }
  }

  /** The worker's measurement, once the worker has exited (so the next pre-flight runs alone). */
  #measure(command: PreflightCommand): Promise<PreflightReport> {
    const worker = this.spawn()
    return new Promise<PreflightReport>((resolve, reject) => {
      let outcome: PreflightReport | StudioError | undefined
      worker.onReport((message) => {
        if (message.type === 'preflight') outcome = message
        if (message.type === 'failed')
          outcome = new StudioError('UNAVAILABLE', `The pre-flight could not train: ${message.reason}`)
      })
      worker.onExit((code) => {
        if (outcome === undefined)
          reject(new StudioError('UNAVAILABLE', `The pre-flight worker exited (code ${code}).`))
        else if (outcome instanceof StudioError) reject(outcome)
        else resolve(outcome)
      })
      worker.send(command)
    })
  }
}
