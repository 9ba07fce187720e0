import { BACKEND_ORDER } from '../../engine/backends'
import { randomInt } from 'node:crypto'
import { DEFAULT_PRESET, facesAfterEpochs, PRESETS, suggestedEpochs } from '../../../src-shared/contract/train-config'
import {
  PRESET_NAMES,
  RUN_LIMITS,
  type PreflightEstimate,
  type PresetName,
  type RunSummary,
} from '../../../src-shared/contract/runs'
import type { DatasetSummary } from '../../../src-shared/contract/datasets'
import type { BackendName } from '../../../src-shared/contract/device'
import type { Studio } from '../../services/studio'
import { UsageError, type Command } from '../command'
import { HYPERPARAMETER_OPTIONS, hyperparameterHelp, hyperparametersFromFlags } from '../hyperparameter-flags'
import { openStudio } from '../open-studio'
import { info, printable, printResult } from '../output'
import { ProgressLine } from '../progress-line'
import { integerOption } from './demo-dataset'

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a DCGAN on a dataset, with a progress bar; the run appears in the studio like any other',
  usage: `dcgan-studio train --dataset <name|id> [--preset <${PRESET_NAMES.join('|')}>] [--epochs N] [--seed S] [--backend ${BACKEND_ORDER.join('|')}] [hyperparameters] [--json]`,
  details: `--preset defaults to ${DEFAULT_PRESET}; --epochs to the preset's step budget spread over the dataset's images.\n${hyperparameterHelp()}`,
  options: {
    dataset: { type: 'string' },
    preset: { type: 'string' },
    epochs: { type: 'string' },
    seed: { type: 'string' },
    backend: { type: 'string' },
    name: { type: 'string' },
    ...HYPERPARAMETER_OPTIONS,
  },
  async run({ values, dataDir, json, signal }) {
    const presetName = values.preset ?? DEFAULT_PRESET
    if (!PRESET_NAMES.includes(presetName as PresetName))
      throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')}.`)
    const backend = (values.backend ?? 'auto') as BackendName | 'auto'
    if (backend !== 'auto' && !BACKEND_ORDER.includes(backend))
      throw new UsageError(`--backend must be one of auto, ${BACKEND_ORDER.join(', ')}.`)
    const hyperparameters = hyperparametersFromFlags(values)
    const studio = openStudio(dataDir)
    try {
      const dataset = findDataset(studio, values.dataset)
      const batchSize = hyperparameters.batchSize ?? PRESETS[presetName as PresetName].batchSize
      const images = dataset.imageCount - dataset.excludedCount
      const epochs = suggestedEpochs(presetName as PresetName, images, batchSize)
      const plan = {
        datasetId: dataset.id,
        preset: presetName as PresetName,
        epochs: integerOption(values.epochs, epochs, 'epochs', 1, RUN_LIMITS.maxEpochs),
        seed:
          values.seed === undefined
            ? randomInt(0, RUN_LIMITS.maxSeed)
            : integerOption(values.seed, 0, 'seed', 0, RUN_LIMITS.maxSeed),
        name: typeof values.name === 'string' ? values.name : undefined,
        backend,
        hyperparameters,
      }
      const estimate = await studio.runs.preflight(plan)
      info(json, describeEstimate(estimate))
      const facesAfter = facesAfterEpochs(plan.preset, images, batchSize)
      if (facesAfter !== null)
        info(
          json,
          `faces start to appear after about ${facesAfter} epochs (~${((facesAfter * estimate.secondsPerEpoch) / 60).toFixed(1)} min in)`,
        )
      const run = studio.runs.create(plan)
      return await followRun(studio, run.id, json, signal)
    } finally {
      studio.close()
    }
  },
}

/** Shows progress until the run's worker ends; Ctrl+C stops the run with a checkpoint. */
export async function followRun(studio: Studio, runId: number, json: boolean, signal: AbortSignal): Promise<number> {
  const progress = new ProgressLine(json)
  const started = Date.now()
  const unsubscribe = studio.hub.subscribe((channel, payload) => {
    if (channel === 'runs.changed' && (payload as RunSummary).id === runId)
      progress.update(describe(payload as RunSummary, started))
    if (channel === 'runs.steps' && (payload as { runId: number }).runId === runId)
      progress.update(describe(studio.runs.get(runId), started))
  })
  const stop = () => studio.runs.stop(runId)
  signal.addEventListener('abort', stop, { once: true })
  const final = await studio.runs.whenDone(runId)
  signal.removeEventListener('abort', stop)
  unsubscribe()
  progress.done()
  printResult(
    json,
    final,
    () =>
      `run ${final.id} "${printable(final.name)}": ${final.status}${final.statusReason ? ` (${printable(final.statusReason)})` : ''}, epoch ${final.epoch}/${final.epochs}, step ${final.step}`,
  )
  return final.status === 'finished' || final.status === 'stopped' ? 0 : 1
}

function describe(run: RunSummary, startedAt: number): string {
  const totalSteps = run.stepsPerEpoch * run.epochs
  const fraction = totalSteps ? Math.min(1, run.step / totalSteps) : 0
  const width = 24
  const bar = '█'.repeat(Math.round(fraction * width)).padEnd(width, '░')
  const seconds = (Date.now() - startedAt) / 1000
  const losses = run.latestLosses
    ? ` D ${run.latestLosses.dLoss.toFixed(3)} G ${run.latestLosses.gLoss.toFixed(3)}`
    : ''
  return `${bar} epoch ${run.epoch}/${run.epochs} step ${run.step}/${totalSteps} ${run.status} ${seconds.toFixed(0)}s${losses}`
}

function describeEstimate(estimate: PreflightEstimate): string {
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`
  return (
    `pre-flight on ${estimate.backend} (${estimate.device}): ${estimate.msPerStep.toFixed(0)} ms/step, ` +
    `~${estimate.secondsPerEpoch.toFixed(1)} s/epoch, ~${(estimate.totalSeconds / 60).toFixed(1)} min in all; ` +
    `memory ~${mb(estimate.peakMemoryBytes)}, disk ~${mb(estimate.diskBytes)}`
  )
}

function findDataset(studio: Studio, value: unknown): DatasetSummary {
  if (typeof value !== 'string')
    throw new UsageError(
      '--dataset is required (a dataset name or id; see the Datasets page or `dcgan-studio import`).',
    )
  const datasets = studio.datasets.list()
  const match =
    datasets.find((dataset) => dataset.name === value) ?? datasets.find((dataset) => String(dataset.id) === value)
  if (!match)
    throw new UsageError(
      `there is no dataset "${value}". Known: ${datasets.map((dataset) => `${dataset.id} "${dataset.name}"`).join(', ') || 'none'}.`,
      1,
    )
  return match
}
