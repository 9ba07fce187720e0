import { statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { IMAGE_SIZES, type ImageSize } from '../../../src-shared/contract/datasets'
import type { ImportProgressInfo } from '../../services/datasets/import-folder'
import { UsageError, type Command } from '../command'
import { openStudio } from '../open-studio'
import { printable, printResult } from '../output'
import { ProgressLine } from '../progress-line'

export const importCommand: Command = {
  name: 'import',
  summary: 'Import a folder of photos as a dataset',
  usage: 'dcgan-studio import <folder> --name <name> [--sizes 32,64] [--data-dir DIR] [--json]',
  options: {
    name: { type: 'string' },
    sizes: { type: 'string' },
  },
  async run({ values, positionals, dataDir, json, signal }) {
    const [folder, ...extra] = positionals
    if (!folder || extra.length > 0) throw new UsageError('give exactly one folder to import.')
    const sourcePath = resolve(folder)
    assertFolder(sourcePath)
    const name = typeof values.name === 'string' && values.name.trim() ? values.name.trim() : basename(sourcePath)
    const sizes = parseSizes(values.sizes)

    const studio = openStudio(dataDir)
    try {
      const progress = new ProgressLine(json)
      const result = await studio.datasets.runImport(
        { sourcePath, sourceLabel: basename(sourcePath), name, sizes },
        { signal, onProgress: (info: ImportProgressInfo) => progress.update(describe(info)) },
      )
      progress.done()
      const rejected = result.rejectedFiles.map(({ file, code, message }) => ({ file, code, reason: message }))
      const skipped = result.skippedFiles
      const lines = [
        ...rejected.map((issue) => `  rejected ${printable(issue.file)}: ${printable(issue.reason)}`),
        ...skipped.map((entry) => `  skipped ${printable(entry.file)}: ${entry.reason}`),
      ]
      if (result.outcome !== 'imported')
        throw new UsageError(result.message.replace(/^Import failed: /, ''), 1, {
          fields: { rejected, skipped },
          lines,
        })
      printResult(
        json,
        {
          datasetId: result.datasetId,
          name,
          imported: result.imported,
          rejected,
          skipped,
          duplicates: result.duplicates,
        },
        () => [printable(result.message), ...lines].join('\n'),
      )
      return 0
    } finally {
      studio.close()
    }
  },
}

function assertFolder(path: string): void {
  let isDirectory: boolean
  try {
    isDirectory = statSync(path).isDirectory()
  } catch {
    throw new UsageError(`there is no folder at ${path}.`, 1)
  }
  if (!isDirectory) throw new UsageError(`${path} is a file, not a folder.`, 1)
}

function parseSizes(value: unknown): ImageSize[] | undefined {
  if (typeof value !== 'string') return undefined
  const sizes = value.split(',').map((part) => Number(part.trim()))
  const invalid = sizes.find((size) => !(IMAGE_SIZES as readonly number[]).includes(size))
  if (invalid !== undefined)
    throw new UsageError(`--sizes takes ${IMAGE_SIZES.join(', ')} (comma-separated), got "${value}".`)
  return sizes as ImageSize[]
}

function describe(info: ImportProgressInfo): string {
  if (info.phase === 'scanning') return 'scanning…'
  const eta = info.etaSeconds === null ? '' : `, ${Math.ceil(info.etaSeconds)} s left`
  return `${info.phase} ${info.done}/${info.total} (${info.rate.toFixed(0)} img/s${eta})`
}
