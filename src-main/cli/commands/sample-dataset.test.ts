import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanupTempDirs, makeTempDir } from '../../services/datasets/test-fixtures'
import { SAMPLE_FACES_LABEL } from '../../services/dataset-service'
import { openStudio } from '../open-studio'
import { runCli, runCliJson } from '../test-cli'

let dataDir: string

beforeAll(() => {
  dataDir = join(makeTempDir('studio-cli-sample-'), 'data')
})
afterAll(cleanupTempDirs)

describe('dcgan-studio sample-dataset', () => {
  it('imports the 64 shipped sample faces, prints the JSON summary, and refuses the same name twice', async () => {
    const { code, output } = await runCliJson(['sample-dataset', '--data-dir', dataDir])
    expect(code).toBe(0)
    expect(output).toEqual({ datasetId: expect.any(Number), name: 'Sample faces', imported: 64 })
    const studio = openStudio(dataDir)
    try {
      expect(studio.datasets.get(output.datasetId as number)).toMatchObject({
        sourceLabel: SAMPLE_FACES_LABEL,
        imageCount: 64,
        rejectedCount: 0,
        channels: 3,
        sizes: [32, 64],
      })
    } finally {
      studio.close()
    }

    expect(await runCliJson(['sample-dataset', '--data-dir', dataDir])).toEqual({
      code: 1,
      output: {
        error: { code: 'CONFLICT', message: 'A dataset named "Sample faces" already exists: choose another name.' },
      },
    })
  })

  it('takes --name, and says what it imported without --json', async () => {
    const { code, stdout } = await runCli(['sample-dataset', '--name', 'My first faces', '--data-dir', dataDir])
    expect(code).toBe(0)
    expect(stdout).toBe('Imported 64 images into "My first faces".\n')
  })
})
