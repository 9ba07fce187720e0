import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeDemoFaces } from '../../services/datasets/demo-faces'
import { UsageError, type Command } from '../command'
import { openStudio } from '../open-studio'
import { printable, printResult } from '../output'
import { ProgressLine } from '../progress-line'

export const demoDatasetCommand: Command = {
  name: 'demo-dataset',
  summary: 'Draw synthetic cartoon faces and import them as a dataset, for trying the studio without photos',
  usage: 'dcgan-studio demo-dataset [--count 200] [--seed 1] [--name "Demo faces"] [--data-dir DIR] [--json]',
  options: {
    count: { type: 'string' },
    seed: { type: 'string' },
    name: { type: 'string' },
  },
  async run({ values, dataDir, json, signal }) {
    const count = integerOption(values.count, 200, 'count', 16, 5000)
    const seed = integerOption(values.seed, 1, 'seed', 0, 2 ** 31)
    const name =
      typeof values.name === 'string' && values.name.trim() ? values.name.trim() : `Demo faces (seed ${seed})`
    const studio = openStudio(dataDir)
    const facesDir = mkdtempSync(join(studio.dirs.scratch, 'demo-'))
    try {
      const progress = new ProgressLine(json)
      await writeDemoFaces(facesDir, {
        count,
        seed,
        signal,
        onProgress: (done, total) => progress.update(`drawing faces ${done}/${total}`),
      })
      const result = await studio.datasets.runImport(
        { sourcePath: facesDir, sourceLabel: `demo faces (seed ${seed})`, name },
        { signal, onProgress: (info) => progress.update(`importing ${info.done}/${info.total}`) },
      )
      progress.done()
      if (result.outcome !== 'imported') throw new UsageError(result.message, 1)
      printResult(json, { datasetId: result.datasetId, name, imported: result.imported, seed }, () =>
        printable(result.message),
      )
      return 0
    } finally {
      rmSync(facesDir, { recursive: true, force: true })
      studio.close()
    }
  },
}

export function integerOption(value: unknown, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined) return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number < min || number > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}".`)
  return number
}
