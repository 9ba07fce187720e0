import type { DatasetDetail, DatasetImage } from '../../src-shared/contract/datasets'
import type { RunDetail, RunSummary } from '../../src-shared/contract/runs'

/** A stopped quick run on 48 faces, 4 of 10 epochs trained; override what a test is about. */
export function runSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 1,
    name: 'First run',
    datasetId: 1,
    datasetName: 'Demo faces',
    preset: 'quick',
    status: 'stopped',
    statusReason: null,
    epoch: 4,
    epochs: 10,
    step: 12,
    stepsPerEpoch: 3,
    backend: 'wasm',
    device: 'WebAssembly SIMD',
    seed: 7,
    createdAt: '2026-01-01T10:00:00.000Z',
    latestLosses: { dLoss: 0.7, gLoss: 1.6 },
    coverMediaId: null,
    tags: [],
    hyperparameters: {
      batchSize: 16,
      zDim: 32,
      baseChannels: 8,
      learningRate: 0.0002,
      dLearningRate: 0.0002,
      beta1: 0.5,
      beta2: 0.999,
    },
    segments: [],
    health: [],
    swd: null,
    bestEpoch: null,
    bestSwd: null,
    ...overrides,
  }
}

export function runDetail(overrides: Partial<RunDetail> = {}): RunDetail {
  return {
    ...runSummary(overrides),
    config: {
      arch: 'compact',
      imageSize: 32,
      zDim: 32,
      baseChannels: 8,
      batchSize: 16,
      optimizer: { kind: 'adam', lr: 0.0002, beta1: 0.5, beta2: 0.999 },
    },
    versions: {},
    notes: '',
    checkpoints: [
      { id: 11, epoch: 2, step: 6, bytes: 400_000, createdAt: '2026-01-01T10:01:00.000Z', kept: false },
      { id: 12, epoch: 3, step: 9, bytes: 400_000, createdAt: '2026-01-01T10:02:00.000Z', kept: false },
      { id: 13, epoch: 4, step: 12, bytes: 400_000, createdAt: '2026-01-01T10:03:00.000Z', kept: false },
    ],
    diskBytes: 2_000_000,
    imageCount: 48,
    datasetChanged: false,
    ...overrides,
  }
}

/** A colour dataset of 48 faces at 32 and 64 px, one file rejected; override what a test is about. */
export function datasetDetail(overrides: Partial<DatasetDetail> = {}): DatasetDetail {
  return {
    id: 1,
    name: 'Demo faces',
    sourceLabel: 'faces',
    createdAt: '2026-01-01T09:00:00.000Z',
    channels: 3,
    allGrayscale: false,
    sizes: [32, 64],
    imageCount: 48,
    excludedCount: 0,
    excludedCopyCount: 0,
    rejectedCount: 1,
    duplicateCount: 0,
    nearDuplicateCount: 0,
    coverMediaId: 'thumb-1',
    rejectedByCode: { 'not-an-image': 1 },
    cropUnavailable: null,
    ...overrides,
  }
}

export function datasetImage(overrides: Partial<DatasetImage> = {}): DatasetImage {
  return {
    id: 7,
    position: 0,
    file: 'face-1.jpg',
    mediaId: 'thumb-7',
    width: 300,
    height: 200,
    excluded: false,
    copyOf: null,
    crop: { x: 0.5, y: 0.5 },
    ...overrides,
  }
}
