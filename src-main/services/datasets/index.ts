/**
 * Dataset import pipeline (plain Node, no electron, no SQLite): the service layer calls
 * importFolder / importDemoFaces with an outputDir inside the app's data dir and stores the
 * returned ImportSummary; the training engine reads cache-<size>.bin with readTrainingCache.
 */
export { importFiles, importFolder, MANIFEST_FILE } from './import-folder'
export type {
  CacheInfo,
  ImportedImage,
  ImportOptions,
  ImportPhase,
  ImportProgressInfo,
  ImportSummary,
  RejectedFile,
} from './import-folder'
export { createImageRunner, WorkerPool, type ImageRunner, type ImportEngine, type RunnerOptions } from './import-pool'
export {
  DEFAULT_NORMALIZE_OPTIONS,
  DEFAULT_SIZES,
  FLATTEN_BACKGROUND,
  MAX_PIXELS,
  MIN_SIDE,
  normalizeImageBytes,
  normalizeImageFile,
  SUPPORTED_SIZES,
  type CropCentre,
  type NormalizedImage,
  type NormalizeOptions,
  type NormalizeOutcome,
} from './normalize-image'
export {
  DEFAULT_NEAR_DUPLICATE_THRESHOLD,
  hammingDistance,
  NearDuplicateIndex,
  perceptualHash,
} from './perceptual-hash'
export { REJECTION_CODES, rejectionMessage, type ImportFlag, type RejectionCode } from './rejection'
export { scanFolder, type ScanIssue, type ScannedFile, type ScanResult } from './scan-folder'
export {
  cacheFileName,
  readTrainingCache,
  updateTrainingCacheEntry,
  writeTrainingCache,
  type TrainingCache,
} from './training-cache'
export { demoFaceSvg, importDemoFaces, renderDemoFace, writeDemoFaces } from './demo-faces'
