import type { Migration } from '../migration'
import { settings } from './0001-settings'
import { datasets } from './0002-datasets'
import { runs } from './0003-runs'
import { pinnedFaces } from './0004-pinned-faces'

export const MIGRATIONS: readonly Migration[] = [settings, datasets, runs, pinnedFaces]
