import { bestCheckpoint } from '../../../src-shared/best-checkpoint'
import { mkdirSync, mkdtempSync, promises as fsp, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MANIFEST_FILE } from '../../services/exports/export-job'
import { readPngText } from '../../services/exports/png-text'
import {
  refusingFolder,
  releaseRefusingFolders,
  studioWithTrainedRun,
  type TrainedStudio,
} from '../../services/exports/test-studio'
import { openStudio } from '../open-studio'
import { runCliJson } from '../test-cli'

let root: string
let trained: TrainedStudio

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'studio-cli-export-'))
  trained = await studioWithTrainedRun(root, { seed: 9 })
  trained.studio.close()
}, 180_000)
afterAll(() => {
  releaseRefusingFolders()
  rmSync(root, { recursive: true, force: true })
})

/** Runs `dcgan-studio <args> --json --data-dir <the trained studio's>`; returns its exit code and its one JSON document. */
const cli = (...args: string[]) => runCliJson([...args, '--data-dir', trained.dataDir])

describe('dcgan-studio export', () => {
  it('exports a sprite sheet from a chosen checkpoint and seed, and prints one JSON document', async () => {
    const out = join(root, 'out')
    mkdirSync(out)
    const { code: listed, output: runs } = await cli('runs')
    expect(listed).toBe(0)
    expect(runs).toEqual([expect.objectContaining({ id: trained.runId, name: 'Tiny faces' })])

    const earliest = trained.checkpoints[0]!
    const { code, output } = await cli(
      'export',
      'Tiny faces',
      '--kind',
      'sprite',
      '--out',
      out,
      '--count',
      '9',
      '--checkpoint',
      String(earliest.id),
      '--seed',
      '5',
    )
    expect(code).toBe(0)
    expect(output).toMatchObject({
      runId: trained.runId,
      kind: 'sprite',
      checkpoint: { id: earliest.id, epoch: 6, step: 48 },
      seed: 5,
      output: join(out, 'Tiny faces step 48 seed 5 sprite'),
      files: ['Tiny faces step 48 seed 5 sprite/manifest.json', 'Tiny faces step 48 seed 5 sprite/sprite.png'],
    })
    const sheet = join(out, 'Tiny faces step 48 seed 5 sprite', 'sprite.png')
    expect(await sharp(sheet).metadata()).toMatchObject({ width: 96, height: 96 })
    expect(output.bytes).toBe(
      (await fsp.stat(sheet)).size +
        (await fsp.stat(join(out, 'Tiny faces step 48 seed 5 sprite', MANIFEST_FILE))).size,
    )
    expect(readPngText(await fsp.readFile(sheet))).toMatchObject({
      'dcgan-studio:synthetic': 'true',
      'dcgan-studio:checkpoint-id': String(earliest.id),
      'dcgan-studio:seed': '5',
    })
  })

  it("--checkpoint best exports the best epoch's checkpoint by SWD (or the nearest kept one), and the manifest says its SWD", async () => {
    const out = join(root, 'best')
    mkdirSync(out)
    const studio = openStudio(trained.dataDir)
    const best = bestCheckpoint(studio.runs.detail(trained.runId))!
    const scored = studio.runs.quality(trained.runId).find((quality) => quality.step === best.checkpoint.step)
    studio.close()
    const { code, output } = await cli(
      'export',
      'Tiny faces',
      '--kind',
      'zip',
      '--out',
      out,
      '--count',
      '2',
      '--checkpoint',
      'best',
    )
    expect(code).toBe(0)
    expect(output).toMatchObject({
      checkpoint: { id: best.checkpoint.id, epoch: best.checkpoint.epoch, swd: scored?.swd ?? null },
    })
  })

  it('says clearly what is wrong: an unknown run, a run without a checkpoint, a missing or read-only folder, a bad kind', async () => {
    const out = join(root, 'errors')
    mkdirSync(out)
    expect(await cli('export', 'Nope', '--kind', 'zip', '--out', out)).toEqual({
      code: 1,
      output: { error: { code: 'USAGE', message: `there is no run "Nope". Known: ${trained.runId} "Tiny faces".` } },
    })
    expect(await cli('export', String(trained.runId), '--kind', 'poster', '--out', out)).toMatchObject({
      code: 2,
      output: { error: { code: 'USAGE', message: '--kind must be one of images, zip, sprite, gif, model.' } },
    })
    expect(await cli('export', String(trained.runId), '--kind', 'zip', '--out', join(root, 'missing'))).toEqual({
      code: 1,
      output: {
        error: { code: 'NOT_FOUND', message: `The export folder ${join(root, 'missing')} does not exist (any more).` },
      },
    })

    const studio = openStudio(trained.dataDir)
    const untrained = studio.runs.queries.insert({
      name: 'Untrained',
      datasetId: 1,
      preset: 'quick',
      config: {},
      seed: 1,
      epochs: 1,
      notes: '',
      tags: [],
    })
    studio.close()
    expect(await cli('export', 'Untrained', '--kind', 'images', '--out', out)).toEqual({
      code: 1,
      output: {
        error: {
          code: 'NOT_FOUND',
          message: `Run ${untrained} has no checkpoint yet: train at least one epoch first.`,
        },
      },
    })
    expect(readdirSync(out)).toEqual([])
  })

  it('a read-only destination is a clear UNAVAILABLE error', async (context) => {
    const readOnly = refusingFolder(join(root, 'read-only'))
    if (!readOnly) return context.skip('running as root without the right to mount a read-only folder')
    const { code, output } = await cli('export', 'Tiny faces', '--kind', 'images', '--count', '2', '--out', readOnly)
    expect(code).toBe(1)
    expect(output).toEqual({
      error: {
        code: 'UNAVAILABLE',
        message: expect.stringMatching(
          /^Cannot write to .*read-only: (permission denied|the disk is read-only)\. Choose/,
        ),
      },
    })
  })
})
