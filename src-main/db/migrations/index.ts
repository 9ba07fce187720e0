import type { Migration } from '../migration'
import { settings } from './0001-settings'
import { datasets } from './0002-datasets'

export const MIGRATIONS: readonly Migration[] = [settings, datasets]
