import type { FolderGrant } from '../src-shared/contract/datasets'
import type { Reply } from '../src-shared/contract/errors'
import type { Transport } from '../src-shared/studio-client/studio-api'

/**
 * Desktop app: the preload reads the real path of every dropped File (Electron's webUtils.getPathForFile)
 * and asks main to grant them; the page hands over Files and gets back a grant, never a path.
 */
export function createGrantDropped(pathForFile: (file: File) => string, invoke: Transport['invoke']) {
  return async (files: readonly File[]): Promise<Reply<FolderGrant>> => {
    if (files.length === 0) return refused('Nothing was dropped: drop photo files or a folder from your file manager.')
    const paths: string[] = []
    for (const file of files) {
      // Empty for a File made in the page or dragged from a web page: nothing on this computer to import.
      const path = pathForFile(file)
      if (!path)
        return refused(
          `"${file.name}" is not a file on this computer: drop photo files or a folder from your file manager.`,
        )
      paths.push(path)
    }
    return (await invoke('folders.grantDropped', { paths })) as Reply<FolderGrant>
  }
}

function refused(message: string): Reply<never> {
  return { ok: false, error: { code: 'VALIDATION', message } }
}
