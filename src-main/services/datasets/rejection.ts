/**
 * Stable machine codes and human messages for every file outcome of an import.
 *
 * Codes are part of the contract with the database / UI: never rename one, only add.
 */
import type { RejectionCode } from '../../../src-shared/contract/datasets'

export { REJECTION_CODES, type RejectionCode } from '../../../src-shared/contract/datasets'

/** Flags on files that were imported (kept) but deserve the user's attention. */
export type ImportFlag = 'duplicate' | 'near-duplicate'

export interface Rejection {
  code: RejectionCode
  message: string
}

const BASE_MESSAGES: Record<RejectionCode, string> = {
  'empty-file': 'The file is empty (0 bytes).',
  'not-an-image': 'The file is not an image.',
  corrupt: 'The image data is corrupt and cannot be decoded.',
  truncated: 'The image file is truncated (incomplete download or copy?).',
  'svg-refused': 'SVG vector images are not imported (they are never rendered).',
  'unsupported-format': 'This image format is not supported.',
  'too-many-pixels': 'The image has more pixels than the import limit.',
  'too-small': 'The image is too small.',
  'file-too-large': 'The file is larger than the import limit.',
  vanished: 'The file disappeared before it could be read.',
  'unreadable-name': 'The file name is not valid UTF-8; rename the file to import it.',
  'not-a-file': 'This is not a regular file (device, pipe or socket).',
  'symlink-outside': 'Symbolic link pointing outside the imported folder; not followed.',
  'symlink-loop': 'Symbolic link loop; not followed.',
  'broken-symlink': 'Symbolic link whose target does not exist.',
  'read-error': 'The file could not be read.',
  'internal-error': 'Unexpected error while processing this file.',
}

/** Human message for a code, optionally followed by a specific detail sentence. */
export function rejectionMessage(code: RejectionCode, detail?: string): string {
  const base = BASE_MESSAGES[code]
  return detail ? `${base} ${detail}` : base
}

export function reject(code: RejectionCode, detail?: string): Rejection {
  return { code, message: rejectionMessage(code, detail) }
}

/** Map a Node fs error (from open/read/stat/realpath) to a rejection. */
export function rejectionFromFsError(err: unknown): Rejection {
  const code = (err as NodeJS.ErrnoException | null)?.code
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return reject('vanished')
    case 'ELOOP':
      return reject('symlink-loop')
    case 'EISDIR':
      return reject('not-a-file', 'It is a directory.')
    case 'EACCES':
    case 'EPERM':
      return reject('read-error', 'Permission denied.')
    case 'EBUSY':
      return reject('read-error', 'The file is locked by another program.')
    default:
      return reject('read-error', code ? `(${code})` : undefined)
  }
}
