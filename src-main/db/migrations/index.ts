import type { Migration } from '../migration'
import { settings } from './0001-settings'
import { datasets } from './0002-datasets'
import { runs } from './0003-runs'
import { stepMarks } from './0004-step-marks'

export const MIGRATIONS: readonly Migration[] = [settings, datasets, runs, stepMarks]
