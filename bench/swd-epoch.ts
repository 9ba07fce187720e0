/**
 * What the per-epoch SWD costs against training: `npx tsx bench/swd-epoch.ts [FOLDER] [--epochs 6] [--preset compact-32]
 * [--backend auto]` trains the preset on the folder's photos (default: the shipped sample faces) and, after each epoch,
 * times the epoch's steps and the evaluation (engine/epoch-swd.ts: the first one also prepares the real side), and
 * says which cadence that cost gives (at most 10% of training time).
 */
import { parseArgs } from 'node:util'
import { initBackend } from '../src-main/engine/backends'
import { EPOCH_SWD, EpochSwd, swdCadence } from '../src-main/engine/epoch-swd'
import { preset } from '../src-main/engine/presets'
import { Trainer } from '../src-main/engine/trainer'
import { TrainingPlan } from '../src-main/engine/training-plan'
import { sampleFacesDir } from '../src-main/services/resources'
import type { PresetName } from '../src-shared/contract/runs'
import type { BackendName } from '../src-shared/contract/device'
import { loadImageFolder } from './swd'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { epochs: { type: 'string' }, preset: { type: 'string' }, backend: { type: 'string' } },
})
const folder = positionals[0] ?? sampleFacesDir()
const epochs = Number(values.epochs ?? 6)
const config = preset((values.preset ?? 'compact-32') as PresetName)
const device = await initBackend((values.backend ?? 'auto') as BackendName | 'auto')
const dataset = await loadImageFolder(folder, config.imageSize)
const plan = TrainingPlan.of(
  config,
  Array.from({ length: dataset.count }, (_, index) => index),
  epochs,
)
const trainer = new Trainer(config, dataset, plan)
// Every epoch is scored here, to measure each; the session scores on the cadence printed.
const swd = new EpochSwd(config, dataset, Number.POSITIVE_INFINITY)
console.log(
  `${device.backend} (${device.device}), ${config.arch} ${config.imageSize} px, batch ${config.batchSize}, ${dataset.count} photos, ${plan.stepsPerEpoch} steps an epoch; SWD: ${EPOCH_SWD.samples} faces, ${Math.min(EPOCH_SWD.realImages, dataset.count)} photos, ${EPOCH_SWD.descriptors} descriptors, ${EPOCH_SWD.projections} directions`,
)
let prepareMs = 0
for (let epoch = 1; epoch <= epochs; epoch++) {
  let epochMs = 0
  while (trainer.epochsDone < epoch) epochMs += (await trainer.step()).metrics.stepMs
  const t0 = performance.now()
  const { swd: figure, ms } = await swd.evaluate(epoch, epochMs, (latents) => trainer.generate(latents))
  if (epoch === 1) prepareMs = performance.now() - t0 - ms
  console.log(
    `epoch ${epoch}: training ${epochMs.toFixed(0)} ms, SWD ${ms.toFixed(0)} ms (${((100 * ms) / epochMs).toFixed(0)}%) → every ${swdCadence(ms, epochMs)} epoch(s); SWD ${figure.toFixed(1)}`,
  )
}
console.log(`preparing the real side once: ${prepareMs.toFixed(0)} ms`)
trainer.dispose()
