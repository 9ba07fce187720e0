import { randomUUID } from 'node:crypto'
import { mkdirSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import type { FolderGrant, FolderPurpose } from '../../src-shared/contract/datasets'
import { StudioError } from '../../src-shared/contract/errors'
import { isInside } from './path-inside'
import { assertNotProtectedFolder } from './protected-folders'

/** What a grant lets later calls read: a whole folder, or exactly the files the user dropped. */
export type GrantedSource = { kind: 'folder'; folder: string } | { kind: 'files'; folder: string; files: string[] }

/**
 * Folders the user chose (a dialog in Electron, a typed server-side path in browser mode) and files dropped
 * on the desktop app, handed to the UI as opaque grant ids: later calls name the grant, never a path.
 * System folders and the studio's own data folder are never granted.
 */
export class Grants {
  readonly #sources = new Map<string, GrantedSource & { label: string }>()

  constructor(private readonly dataDir: string) {}

  grant(path: string, purpose?: FolderPurpose): FolderGrant {
    const folder = absolute(path)
    let stats = statOrNull(folder)
    if (!stats && purpose === 'export') stats = this.#createExportFolder(folder)
    if (!stats) throw new StudioError('NOT_FOUND', `There is no folder at ${folder}.`)
    if (!stats.isDirectory()) throw new StudioError('VALIDATION', `${folder} is a file, not a folder.`)
    assertNotProtectedFolder(folder, this.dataDir)
    if (purpose === 'photos' && !holdsAFile(folder)) {
      throw new StudioError(
        'VALIDATION',
        `${folder} is empty: it holds no files (hidden ones are skipped). Choose the folder your photos are in.`,
      )
    }
    return this.#add({ kind: 'folder', folder, label: basename(folder) || folder })
  }

  /**
   * What was dropped on the window: one folder on its own, or any number of regular files (duplicates
   * counted once). A folder among other items is refused rather than half-imported. Messages name items
   * by their file name only: the page shows them.
   */
  grantDropped(paths: readonly string[]): FolderGrant {
    const items = [...new Set(paths.map(absolute))]
    if (items.length === 0) throw new StudioError('VALIDATION', 'Nothing was dropped.')
    const folders: string[] = []
    for (const item of items) {
      const stats = statOrNull(item)
      if (!stats)
        throw new StudioError(
          'NOT_FOUND',
          `"${basename(item)}" is no longer there: drop it again from where it is now.`,
        )
      if (stats.isDirectory()) folders.push(item)
      else if (!stats.isFile())
        throw new StudioError(
          'VALIDATION',
          `"${basename(item)}" is not a regular file or a folder: drop photo files or one folder.`,
        )
      else assertNotProtectedFolder(item, this.dataDir)
    }
    const [folder] = folders
    if (folder !== undefined && items.length === 1) return this.grant(folder, 'photos')
    if (folder !== undefined) {
      throw new StudioError(
        'VALIDATION',
        `"${basename(folder)}" is a folder: drop one folder on its own, or only photo files, not both together.`,
      )
    }
    const common = commonFolder(items)
    if (common === null)
      throw new StudioError(
        'VALIDATION',
        'The dropped files are on different drives: drop the files of one drive at a time.',
      )
    const label = `${items.length} file${items.length === 1 ? '' : 's'} from ${basename(common) || common}`
    return this.#add({ kind: 'files', folder: common, files: items, label })
  }

  /** The granted folder, for calls that write into one (exports). */
  resolve(grantId: string): string {
    const source = this.source(grantId)
    if (source.kind !== 'folder')
      throw new StudioError('VALIDATION', 'Dropped files are not a folder: choose a folder.')
    return source.folder
  }

  source(grantId: string): GrantedSource & { label: string } {
    const source = this.#sources.get(grantId)
    if (!source)
      throw new StudioError('NOT_FOUND', 'That folder or those files are no longer available: choose them again.')
    return source
  }

  /** An export destination that does not exist yet is made, one level only: a mistyped parent is refused, not built. */
  #createExportFolder(folder: string): Stats {
    const parent = dirname(folder)
    if (!statOrNull(parent)?.isDirectory()) {
      throw new StudioError(
        'NOT_FOUND',
        `There is no folder at ${folder}, and no folder ${parent} to create it in: check the path.`,
      )
    }
    // the parent's real path: a link to a system folder must not let one be created there
    assertNotProtectedFolder(join(realpathSync(parent), basename(folder)), this.dataDir)
    try {
      mkdirSync(folder)
    } catch (error) {
      throw new StudioError('VALIDATION', `Could not create ${folder}: ${(error as Error).message}`)
    }
    return statSync(folder)
  }

  #add(source: GrantedSource & { label: string }): FolderGrant {
    const grantId = randomUUID()
    this.#sources.set(grantId, source)
    return { grantId, label: source.label, kind: source.kind }
  }
}

function absolute(path: string): string {
  if (!isAbsolute(path))
    throw new StudioError('VALIDATION', `"${path}" is not an absolute path: give the full path of the folder.`)
  return resolve(path)
}

/** Whether a folder holds any file, in it or below (hidden entries skipped), stopping at the first one found. */
function holdsAFile(folder: string): boolean {
  const queue = [folder]
  for (let visited = 0; queue.length > 0; visited++) {
    // a tree this big holds files somewhere; the import walk will say what it finds
    if (visited >= 10_000) return true
    let entries
    try {
      entries = readdirSync(queue.shift()!, { withFileTypes: true })
    } catch {
      continue
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      if (entry.isDirectory()) queue.push(join(entry.parentPath, entry.name))
      else return true
    }
  }
  return false
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path)
  } catch {
    return null
  }
}

/** The deepest folder holding every file; null when there is none (files on different Windows drives). */
function commonFolder(files: readonly string[]): string | null {
  let common = dirname(files[0]!)
  for (const file of files) {
    while (!isInside(common, file)) {
      const parent = dirname(common)
      if (parent === common) return null
      common = parent
    }
  }
  return common
}
