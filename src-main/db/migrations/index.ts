import type { Migration } from '../migration'
import { settings } from './0001-settings'
import { datasets } from './0002-datasets'
import { runs } from './0003-runs'
import { imageCrop } from './0004-image-crop'
import { pinnedFaces } from './0005-pinned-faces'
import { stepMarks } from './0006-step-marks'
import { runPlan } from './0007-run-plan'
import { runOwnership } from './0008-run-ownership'
import { epochQuality } from './0009-epoch-quality'
import { runHealth } from './0010-run-health'

export const MIGRATIONS: readonly Migration[] = [
  settings,
  datasets,
  runs,
  imageCrop,
  pinnedFaces,
  stepMarks,
  runPlan,
  runOwnership,
  epochQuality,
  runHealth,
]
