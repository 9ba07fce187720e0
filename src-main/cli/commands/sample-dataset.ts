import { UsageError, type Command } from '../command'
import { openStudio } from '../open-studio'
import { printResult } from '../output'
import { ProgressLine } from '../progress-line'

export const sampleDatasetCommand: Command = {
  name: 'sample-dataset',
  summary: 'Import the 64 sample face photos that ship with the studio (Caltech 101, CC BY 4.0) as a dataset',
  usage: 'dcgan-studio sample-dataset [--name "Sample faces"] [--data-dir DIR] [--json]',
  options: {
    name: { type: 'string' },
  },
  async run({ values, dataDir, json, signal }) {
    const name = typeof values.name === 'string' && values.name.trim() ? values.name.trim() : 'Sample faces'
    const studio = openStudio(dataDir)
    try {
      const request = studio.datasets.sampleFacesImport(name)
      const progress = new ProgressLine(json)
      const result = await studio.datasets.runImport(request, {
        signal,
        onProgress: (info) => progress.update(`importing ${info.done}/${info.total}`),
      })
      progress.done()
      if (result.outcome !== 'imported') throw new UsageError(result.message, 1)
      printResult(json, { datasetId: result.datasetId, name, imported: result.imported }, () => result.message)
      return 0
    } finally {
      studio.close()
    }
  },
}
