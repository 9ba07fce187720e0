import type { BackendName, DeviceReport } from '../../src-shared/contract/device'
import type { HealthItem } from '../../src-shared/contract/health'
import type { StepRecord } from '../../src-shared/contract/runs'
import type { TrainConfig } from '../engine/presets'
import type { TrainingPlanJson } from '../engine/training-plan'

/** What the main side asks of a training worker. */
export type TrainingCommand =
  | {
      type: 'start'
      runId: number
      config: TrainConfig
      backend: BackendName | 'auto'
      /** The run's images and schedule, fixed when it was created. */
      plan: TrainingPlanJson
      /** Packed training cache of the dataset at the run's image size. */
      cachePath: string
      /** The cache positions of the plan's images, in the plan's order. */
      positions: number[]
      samplesDir: string
      checkpointsDir: string
      /** Continue from this checkpoint folder instead of starting fresh. */
      resumeFrom: string | null
    }
  | {
      type: 'preflight'
      config: TrainConfig
      backend: BackendName | 'auto'
      plan: TrainingPlanJson
      cachePath: string
      positions: number[]
      steps: number
    }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }

/** What a training worker reports; main turns these into rows and contract events. */
export type TrainingReport =
  | { type: 'started'; device: DeviceReport; stepsPerEpoch: number; step: number; epoch: number }
  | { type: 'steps'; steps: StepRecord[] }
  | { type: 'samples'; epoch: number; step: number; files: string[] }
  | { type: 'checkpoint'; epoch: number; step: number; folder: string; bytes: number }
  /** After an epoch's faces: the run's health now (it replaces what was reported before), and each face's nearest training photo. */
  | {
      type: 'health'
      epoch: number
      step: number
      items: HealthItem[]
      nearest: { imageId: number; distance: number }[]
    }
  /** the epoch's SWD ×1e3 (EMA faces against the run's images; lower is better), sent after its checkpoint */
  | { type: 'quality'; epoch: number; step: number; swd: number }
  | { type: 'paused'; reason: string | null }
  | { type: 'resumed' }
  | { type: 'stopped' }
  | { type: 'finished' }
  | { type: 'failed'; reason: string }
  /** The run could not start (its checks failed before anything was written): it stays as it was. */
  | { type: 'refused'; reason: string }
  | {
      type: 'preflight'
      device: DeviceReport
      /** the median of the settled steps (the later half of those taken: the first, slower ones are warm-up) */
      msPerStep: number
      stepsPerEpoch: number
      /** what ends each epoch: the preview faces, encoded, and the checkpoint, written */
      epochEndMs: number
      /** one epoch's quality score (EpochSwd.evaluate), and what its first evaluation adds once (the real side) */
      swdMs: number
      swdSetupMs: number
      /** from the worker's start to a warm trainer, beyond the steps it trained (plus the first preview faces) */
      startupMs: number
      peakMemoryBytes: number
      checkpointBytes: number
      samplesBytes: number
    }
