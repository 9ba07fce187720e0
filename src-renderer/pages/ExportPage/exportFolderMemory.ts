import { folderGrant, type FolderGrant } from '../../../src-shared/contract/datasets'
import { recall, remember } from '../../lib/perRunMemory'

/**
 * The folder each run last exported into. Grants live as long as the studio does: after a restart the
 * remembered one is refused with "choose them again", and choosing another replaces it.
 */
export const recallExportFolder = (runId: number): FolderGrant | null =>
  recall('export-folder', runId, folderGrant.nullable())
export const rememberExportFolder = (runId: number, grant: FolderGrant | null): void =>
  remember('export-folder', runId, grant)
