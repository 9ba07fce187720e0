/**
 * Training-step benchmark: the studio's full DCGAN step (D on real + fake, then G — the peer's
 * step) for compact-32 and paper-64 at batch 64, against the PyTorch peer
 * (../shared/peer/dcgan_step_bench.py) run in the same process tree, plus generator inference.
 *
 *   npx tsx bench/training-bench.ts [--models compact-32,paper-64] [--batch 64]
 *        [--steps-compact 10] [--steps-paper 3] [--rounds-compact 2] [--rounds-paper 1]
 *        [--backend auto|wasm|cpu|webgpu|tensorflow]
 *        [--threads N] [--no-peer] [--json]
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { initBackend } from '../src-main/engine/backends'
import type { BackendName, BackendReport } from '../src-main/engine/backends'
import { randomDataset } from '../src-main/engine/dataset'
import { preset } from '../src-main/engine/presets'
import { Trainer } from '../src-main/engine/trainer'
import { Rng } from '../src-shared/rng'
import { PEER_DIR, PEER_PYTHON, runPeerScript } from './peer'

export type BenchModel = 'compact-32' | 'paper-64'

export interface TrainingBenchOptions {
  models?: BenchModel[]
  batch?: number
  /** timed steps per model per round (after one warm-up step) */
  steps?: Partial<Record<BenchModel, number>>
  /**
   * rounds per model (default 2 for compact-32, 1 for paper-64): studio and peer alternate, and
   * each side's best round counts — on a shared machine, load spikes otherwise decide the ratio
   */
  rounds?: Partial<Record<BenchModel, number>>
  backend?: BackendName | 'auto'
  wasmThreads?: number
  /** run the PyTorch peer too (default true when its script and python exist) */
  peer?: boolean
  log?: (line: string) => void
}

export interface PeerResult {
  msPerStep: number
  imagesPerSec: number
  line: string
}

export interface ModelBenchResult {
  model: BenchModel
  batch: number
  steps: number
  rounds: number
  /** studio ms/step of every round (best is used) */
  roundsMs: number[]
  /** peer ms/step of every round */
  peerRoundsMs?: number[]
  msPerStep: number
  imagesPerSec: number
  /** generator forward (eval mode) images/s */
  inference: { batch1: number; batch64: number }
  peer?: PeerResult
  peerError?: string
  /** studio images/s ÷ peer images/s */
  ratio?: number
}

export interface TrainingBenchResult {
  backend: BackendReport
  results: ModelBenchResult[]
}

const DEFAULT_STEPS: Record<BenchModel, number> = { 'compact-32': 10, 'paper-64': 3 }
const DEFAULT_ROUNDS: Record<BenchModel, number> = { 'compact-32': 2, 'paper-64': 1 }

interface StudioBench {
  round(steps: number): Promise<number>
  inference(): Promise<ModelBenchResult['inference']>
  dispose(): void
}

async function studioBench(model: BenchModel, batch: number): Promise<StudioBench> {
  const cfg = preset(model, { batchSize: batch })
  const trainer = new Trainer(cfg, randomDataset(Math.max(batch * 4, 256), cfg.imageSize, cfg.channels))
  await trainer.step() // warm-up (XNNPACK operators, heap growth)
  return {
    async round(steps) {
      const t0 = performance.now()
      for (let i = 0; i < steps; i++) {
        const m = (await trainer.step()).metrics
        if (m.nonFinite) throw new Error(`benchmark step went non-finite: ${m.nonFinite.message}`)
      }
      return (performance.now() - t0) / steps
    },
    async inference() {
      const inference = { batch1: 0, batch64: 0 }
      for (const [key, n, reps] of [
        ['batch1', 1, 20],
        ['batch64', 64, 3],
      ] as const) {
        const z = new Rng(9).fillNormal(new Float32Array(n * cfg.zDim))
        await trainer.generate(z)
        const t1 = performance.now()
        for (let r = 0; r < reps; r++) await trainer.generate(z)
        inference[key] = (n * reps * 1000) / (performance.now() - t1)
      }
      return inference
    },
    dispose: () => trainer.dispose(),
  }
}

async function runPeer(size: number, batch: number, steps: number): Promise<PeerResult> {
  const line =
    (await runPeerScript('dcgan_step_bench.py', [String(size), String(batch), String(steps)]))
      .trim()
      .split('\n')
      .pop() ?? ''
  const m = /([\d.]+) ms\/step, ([\d.]+) img\/s/.exec(line)
  if (!m) throw new Error(`unexpected peer output: ${line}`)
  return { msPerStep: Number(m[1]), imagesPerSec: Number(m[2]), line }
}

export async function benchTraining(opts: TrainingBenchOptions = {}): Promise<TrainingBenchResult> {
  const log = opts.log ?? (() => undefined)
  const batch = opts.batch ?? 64
  const models = opts.models ?? ['compact-32', 'paper-64']
  const backend = await initBackend(opts.backend ?? 'auto', opts.wasmThreads ? { wasmThreads: opts.wasmThreads } : {})
  log(
    `backend: ${backend.backend} — ${backend.device}${backend.kernels ? `; kernels: ${backend.kernels.label}${backend.kernels.reason ? ` (${backend.kernels.reason})` : ''}` : ''}`,
  )
  const peer = opts.peer ?? (existsSync(PEER_PYTHON) && existsSync(join(PEER_DIR, 'dcgan_step_bench.py')))
  const results: ModelBenchResult[] = []
  for (const model of models) {
    const steps = opts.steps?.[model] ?? DEFAULT_STEPS[model]
    const rounds = Math.max(1, opts.rounds?.[model] ?? DEFAULT_ROUNDS[model])
    const studio = await studioBench(model, batch)
    const roundsMs: number[] = []
    const peerRounds: PeerResult[] = []
    let peerError: string | undefined
    try {
      for (let r = 0; r < rounds; r++) {
        log(`${model}: round ${r + 1}/${rounds}: ${steps} studio steps at batch ${batch}…`)
        roundsMs.push(await studio.round(steps))
        log(
          `${model}: studio ${roundsMs.at(-1)!.toFixed(0)} ms/step, ${((batch * 1000) / roundsMs.at(-1)!).toFixed(1)} img/s`,
        )
        if (peer && !peerError) {
          try {
            const p = await runPeer(model === 'compact-32' ? 32 : 64, batch, steps)
            peerRounds.push(p)
            log(`${model}: peer ${p.line}`)
          } catch (e) {
            peerError = (e as Error).message
            log(`${model}: peer failed: ${peerError}`)
          }
        }
      }
      const best = Math.min(...roundsMs)
      const r: ModelBenchResult = {
        model,
        batch,
        steps,
        rounds,
        roundsMs,
        msPerStep: best,
        imagesPerSec: (batch * 1000) / best,
        inference: await studio.inference(),
      }
      if (peerRounds.length) {
        const bestPeer = peerRounds.reduce((a, b) => (b.imagesPerSec > a.imagesPerSec ? b : a))
        r.peer = bestPeer
        r.peerRoundsMs = peerRounds.map((p) => p.msPerStep)
        r.ratio = r.imagesPerSec / bestPeer.imagesPerSec
      }
      if (peerError) r.peerError = peerError
      log(
        `${model}: best studio ${r.imagesPerSec.toFixed(1)} img/s${r.peer ? `, best peer ${r.peer.imagesPerSec.toFixed(1)} img/s, ratio ${r.ratio!.toFixed(2)}×` : ''}; G inference ${r.inference.batch1.toFixed(0)} img/s (batch 1), ${r.inference.batch64.toFixed(0)} img/s (batch 64)`,
      )
      results.push(r)
    } finally {
      studio.dispose()
    }
  }
  return { backend, results }
}

function parseArgs(argv: string[]): TrainingBenchOptions & { json: boolean } {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const models = get('models')?.split(',') as BenchModel[] | undefined
  const sc = get('steps-compact')
  const sp = get('steps-paper')
  const rc = get('rounds-compact')
  const rp = get('rounds-paper')
  const threads = get('threads')
  return {
    ...(models ? { models } : {}),
    batch: Number(get('batch') ?? 64),
    steps: { ...(sc ? { 'compact-32': Number(sc) } : {}), ...(sp ? { 'paper-64': Number(sp) } : {}) },
    rounds: { ...(rc ? { 'compact-32': Number(rc) } : {}), ...(rp ? { 'paper-64': Number(rp) } : {}) },
    backend: (get('backend') as BackendName | 'auto' | undefined) ?? 'auto',
    ...(threads ? { wasmThreads: Number(threads) } : {}),
    ...(argv.includes('--no-peer') ? { peer: false } : {}),
    json: argv.includes('--json'),
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { json, ...opts } = parseArgs(process.argv.slice(2))
  const res = await benchTraining({ ...opts, log: json ? undefined : (l) => console.log(l) })
  if (json) console.log(JSON.stringify(res, null, 2))
  else {
    console.log('\nmodel        studio img/s   peer img/s   ratio   G infer b1/b64 img/s')
    for (const r of res.results) {
      console.log(
        `${r.model.padEnd(12)} ${r.imagesPerSec.toFixed(1).padStart(12)} ${(r.peer?.imagesPerSec.toFixed(1) ?? '-').padStart(12)} ${(r.ratio ? r.ratio.toFixed(2) + '×' : '-').padStart(7)}   ${r.inference.batch1.toFixed(0)}/${r.inference.batch64.toFixed(0)}`,
      )
    }
  }
  process.exit(0)
}
