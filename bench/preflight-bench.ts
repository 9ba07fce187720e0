/**
 * Pre-flight accuracy: for quick, compact-32 and paper-64, the studio's own pre-flight estimate of a run (the
 * New run form shows it) against that run trained right after it, in the same studio and on the same data. An
 * epoch is timed from one checkpoint to the next, as a user waits for it (steps, preview faces, checkpoint); the
 * first epoch also carries the worker's start. Ratios are estimate ÷ measured: on a loaded machine both sides slow
 * down together, so the ratio still says whether the model of cost is right (target 0.75–1.25).
 *
 *   npx tsx bench/preflight-bench.ts [--presets quick,compact-32,paper-64] [--images 256] [--json]
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { PreflightEstimate, PresetName } from '../src-shared/contract/runs'
import { writeDemoFaces } from '../src-main/services/datasets/demo-faces'
import { Studio } from '../src-main/services/studio'

export type PreflightBenchPreset = Extract<PresetName, 'quick' | 'compact-32' | 'paper-64'>

export interface PreflightBenchResult {
  preset: PreflightBenchPreset
  epochs: number
  estimate: PreflightEstimate
  /** seconds the pre-flight itself took (the form waits this long) */
  preflightSeconds: number
  /** each epoch's seconds, checkpoint to checkpoint (the first from the run's creation) */
  epochSeconds: number[]
  /** the mean of the epochs after the first */
  measuredSecondsPerEpoch: number
  /** the run's median step (the training steps of the epochs after the first, as the trainer timed them) */
  measuredMsPerStep: number
  /** what the epochs after the first took beyond their steps: faces, checkpoint, reports (mean per epoch) */
  measuredEpochEndSeconds: number
  measuredTotalSeconds: number
  epochRatio: number
  totalRatio: number
}

const EPOCHS: Record<PreflightBenchPreset, number> = { quick: 4, 'compact-32': 4, 'paper-64': 3 }

export async function benchPreflight({
  presets = ['quick', 'compact-32', 'paper-64'] as PreflightBenchPreset[],
  images = 256,
  log = (_line: string) => {},
} = {}): Promise<PreflightBenchResult[]> {
  const root = await mkdtemp(join(tmpdir(), 'dcgan-bench-preflight-'))
  const studio = new Studio({
    dataDir: join(root, 'data'),
    mode: 'browser',
    probeBackends: async () => ({ backend: 'cpu', device: 'bench', unavailable: [], versions: {} }),
  })
  try {
    await writeDemoFaces(join(root, 'faces'), { count: images, seed: 1 })
    const { datasetId } = await studio.datasets.runImport({
      sourcePath: join(root, 'faces'),
      sourceLabel: 'faces',
      name: 'bench',
      sizes: [32, 64],
    })
    const results: PreflightBenchResult[] = []
    for (const preset of presets) {
      const epochs = EPOCHS[preset]
      const request = { datasetId: datasetId!, preset, epochs, seed: 1 }
      const asked = performance.now()
      const estimate = await studio.runs.preflight(request)
      const preflightSeconds = (performance.now() - asked) / 1000
      log(
        `${preset}: estimate ${estimate.secondsPerEpoch.toFixed(1)} s/epoch (${estimate.msPerStep.toFixed(0)} ms/step × ${estimate.stepsPerEpoch}), ${estimate.totalSeconds.toFixed(1)} s in all; pre-flight took ${preflightSeconds.toFixed(1)} s`,
      )
      const { epochSeconds, runId } = await timeRun(studio, request)
      const later = epochSeconds.slice(1)
      const measuredSecondsPerEpoch = later.reduce((sum, seconds) => sum + seconds, 0) / later.length
      const { measuredMsPerStep, laterStepSeconds } = stepTimes(studio.runs.history(runId), estimate.stepsPerEpoch)
      const measuredTotalSeconds = epochSeconds.reduce((sum, seconds) => sum + seconds, 0)
      const result = {
        preset,
        epochs,
        estimate,
        preflightSeconds,
        epochSeconds,
        measuredSecondsPerEpoch,
        measuredMsPerStep,
        measuredEpochEndSeconds: measuredSecondsPerEpoch - laterStepSeconds / later.length,
        measuredTotalSeconds,
        epochRatio: estimate.secondsPerEpoch / measuredSecondsPerEpoch,
        totalRatio: estimate.totalSeconds / measuredTotalSeconds,
      }
      log(
        `${preset}: measured ${measuredSecondsPerEpoch.toFixed(1)} s/epoch (${measuredMsPerStep.toFixed(0)} ms/step, epoch end ${result.measuredEpochEndSeconds.toFixed(2)} s against ${estimate.epochEndSeconds.toFixed(2)} s estimated; epochs ${epochSeconds.map((s) => s.toFixed(1)).join(', ')} s), ${measuredTotalSeconds.toFixed(1)} s in all → ` +
          `estimate/measured ${result.epochRatio.toFixed(2)} per epoch, ${result.totalRatio.toFixed(2)} in all (target 0.75–1.25)`,
      )
      results.push(result)
    }
    return results
  } finally {
    studio.close()
    await rm(root, { recursive: true, force: true })
  }
}

/** Trains the run and returns each epoch's seconds, from the run's creation to its first checkpoint and then checkpoint to checkpoint. */
async function timeRun(
  studio: Studio,
  request: Parameters<Studio['runs']['create']>[0],
): Promise<{ runId: number; epochSeconds: number[] }> {
  const created = performance.now()
  const run = studio.runs.create(request)
  const seen = new Map<number, number>([[0, created]])
  const done = studio.runs.whenDone(run.id)
  let finished = false
  void done.finally(() => (finished = true))
  while (!finished) {
    const now = performance.now()
    for (const checkpoint of studio.runs.detail(run.id).checkpoints)
      if (!seen.has(checkpoint.epoch)) seen.set(checkpoint.epoch, now)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const summary = await done
  if (summary.status !== 'finished')
    throw new Error(`the ${request.preset} run ended ${summary.status}: ${summary.statusReason ?? ''}`)
  for (const checkpoint of studio.runs.detail(run.id).checkpoints)
    if (!seen.has(checkpoint.epoch)) seen.set(checkpoint.epoch, performance.now())
  const times = Array.from({ length: request.epochs + 1 }, (_, epoch) => seen.get(epoch))
  if (times.some((time) => time === undefined))
    throw new Error(`the ${request.preset} run did not checkpoint every epoch`)
  return { runId: run.id, epochSeconds: times.slice(1).map((time, index) => (time! - times[index]!) / 1000) }
}

/** The run's own step times after its first epoch: their median, and their sum. */
function stepTimes(
  history: ReturnType<Studio['runs']['history']>,
  stepsPerEpoch: number,
): { measuredMsPerStep: number; laterStepSeconds: number } {
  const stepSeconds = history.seconds
    .map((seconds, index) => seconds - (history.seconds[index - 1] ?? 0))
    .slice(stepsPerEpoch)
  const sorted = [...stepSeconds].sort((a, b) => a - b)
  return {
    measuredMsPerStep: sorted[sorted.length >> 1]! * 1000,
    laterStepSeconds: stepSeconds.reduce((sum, seconds) => sum + seconds, 0),
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { presets: { type: 'string' }, images: { type: 'string' }, json: { type: 'boolean' } },
  })
  const presets = values.presets?.split(',') as PreflightBenchPreset[] | undefined
  const results = await benchPreflight({
    ...(presets && { presets }),
    ...(values.images && { images: Number(values.images) }),
    log: values.json ? undefined : console.log,
  })
  if (values.json) console.log(JSON.stringify(results, null, 2))
}
