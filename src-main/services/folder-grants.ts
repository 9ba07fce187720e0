import { randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import { basename, isAbsolute, resolve } from 'node:path'
import type { FolderGrant } from '../contract/datasets'
import { StudioError } from '../contract/errors'

/**
 * Folders the user chose (a dialog in Electron, a typed server-side path in browser mode), handed to the
 * UI as opaque grant ids: later calls name the grant, never the path.
 */
export class FolderGrants {
  readonly #paths = new Map<string, string>()

  grant(path: string): FolderGrant {
    if (!isAbsolute(path)) throw new StudioError('VALIDATION', `"${path}" is not an absolute path: give the full path of the folder.`)
    const folder = resolve(path)
    let isDirectory: boolean
    try {
      isDirectory = statSync(folder).isDirectory()
    } catch {
      throw new StudioError('NOT_FOUND', `There is no folder at ${folder}.`)
    }
    if (!isDirectory) throw new StudioError('VALIDATION', `${folder} is a file, not a folder.`)
    const grantId = randomUUID()
    this.#paths.set(grantId, folder)
    return { grantId, label: basename(folder) || folder }
  }

  resolve(grantId: string): string {
    const path = this.#paths.get(grantId)
    if (!path) throw new StudioError('NOT_FOUND', 'That folder is no longer available: choose it again.')
    return path
  }
}
