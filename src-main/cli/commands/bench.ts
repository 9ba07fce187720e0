import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { benchBridgeLatency } from '../../../bench/bridge-latency'
import { benchImport, CALTECH_FACES } from '../../../bench/import'
import { benchPreflight } from '../../../bench/preflight-bench'
import { benchQuality, type QualityOptions, type QualitySide } from '../../../bench/quality'
import { benchTraining } from '../../../bench/training-bench'
import { UsageError, type Command, type CommandContext } from '../command'
import { info, printResult } from '../output'

const PARTS = ['import', 'training', 'bridge', 'quality', 'preflight'] as const

export const benchCommand: Command = {
  name: 'bench',
  summary:
    'Measure import speed, training speed and sample quality against the PyTorch peer, UI responsiveness while training, and the pre-flight estimate against real runs',
  usage:
    'dcgan-studio bench [--import] [--training] [--bridge] [--quality [--seeds 1,2,3] [--epochs N] [--side studio|peer] [--peer-runs DIR] [--curve-every N] [--output DIR]] [--preflight] [--count 10000] [--json]',
  details:
    '--quality trains compact-32 (the New run defaults) and the PyTorch peer on the shared caltech faces, by default for the epochs the New run form suggests; ' +
    '--side runs one side only, --peer-runs DIR scores peer runs made beforehand (DIR/seed-N/ samples, DIR/seed-N.log output), --curve-every N scores the studio every N epochs, --output DIR takes the grids (default docs/benchmarks).',
  options: {
    import: { type: 'boolean' },
    training: { type: 'boolean' },
    bridge: { type: 'boolean' },
    quality: { type: 'boolean' },
    preflight: { type: 'boolean' },
    count: { type: 'string' },
    seeds: { type: 'string' },
    epochs: { type: 'string' },
    side: { type: 'string' },
    'peer-runs': { type: 'string' },
    'curve-every': { type: 'string' },
    output: { type: 'string' },
  },
  async run({ values, json }) {
    const chosen = PARTS.filter((part) => values[part])
    const parts = chosen.length > 0 ? chosen : PARTS
    const log = (line: string) => info(json, line)
    const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`
    log(`machine: ${machine}`)
    const report: Record<string, unknown> = { date: new Date().toISOString(), machine }

    if (parts.includes('import')) {
      const results = await benchImport({ count: values.count ? Number(values.count) : 10_000, log })
      for (const r of results) {
        log(
          `import ${r.label}: ${r.imagesPerSecond.toFixed(0)} images/s (target ≥ 300), main event-loop lag p99 ${r.lagP99Ms.toFixed(1)} ms (target < 50)`,
        )
      }
      report.import = results
    }
    if (parts.includes('training')) {
      // as many threads as the training process uses (one per core)
      const result = await benchTraining({ log, wasmThreads: availableParallelism() })
      const k = result.backend.kernels
      if (k) log(`training kernels: ${k.label}${k.reason ? ` (${k.reason})` : ''}`)
      for (const r of result.results) {
        const peer = r.peer
          ? `, peer ${r.peer.imagesPerSec.toFixed(1)} img/s → ratio ${r.ratio?.toFixed(2)}× (target ≥ 1.0×)`
          : `, peer not measured (${r.peerError})`
        log(
          `training ${r.model} batch ${r.batch} on ${result.backend.backend}${k?.kind === 'native' ? ' + oneDNN' : ''}: ${r.imagesPerSec.toFixed(1)} img/s (${r.msPerStep.toFixed(0)} ms/step)${peer}; ` +
            `generator ${r.inference.batch1.toFixed(0)} img/s at batch 1, ${r.inference.batch64.toFixed(0)} img/s at batch 64`,
        )
      }
      report.training = result
    }
    if (parts.includes('bridge')) {
      const result = await benchBridgeLatency({ log })
      log(
        `bridge round trip while training: p50 ${result.p50Ms.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms (target < 20), p99 ${result.p99Ms.toFixed(1)} ms over ${result.calls} calls`,
      )
      report.bridge = result
    }
    if (parts.includes('quality') && !existsSync(CALTECH_FACES)) {
      log(
        `skip quality: it trains on the shared caltech faces, which are not at ${CALTECH_FACES} (../shared lies beside CI checkouts, not beside a clone)`,
      )
    } else if (parts.includes('quality')) {
      const result = await benchQuality({ log, ...qualityOptions(values) })
      const line = (name: string, runs: { swd: number; seconds: number }[]) => {
        if (runs.length === 0) return null
        const mean = runs.reduce((a, r) => a + r.swd, 0) / runs.length
        const spread = Math.sqrt(runs.reduce((a, r) => a + (r.swd - mean) ** 2, 0) / runs.length)
        return {
          text: `${name} ${mean.toFixed(1)} ± ${spread.toFixed(1)} over ${runs.length} seeds in ${(runs.reduce((a, r) => a + r.seconds, 0) / runs.length).toFixed(0)} s a run`,
          mean,
        }
      }
      const studio = line('studio', result.studio)
      const peer = line('peer', result.peer)
      const ratio = studio && peer ? ` (ratio ${(studio.mean / peer.mean).toFixed(2)}, target ≤ 0.8)` : ''
      log(
        `quality: compact-32, ${result.steps} steps at batch ${result.batch}: SWD ${[studio?.text, peer?.text].filter(Boolean).join(', ')}${ratio}; real vs real ${result.realVsReal.toFixed(1)}`,
      )
      report.quality = result
    }

    if (parts.includes('preflight')) {
      // each line says estimate ÷ measured as it goes (the log prints them)
      report.preflight = await benchPreflight({ log })
    }

    const folder = join(process.cwd(), 'bench', 'results')
    mkdirSync(folder, { recursive: true })
    const file = join(folder, `bench-${(report.date as string).replace(/[:.]/g, '-')}.json`)
    writeFileSync(file, JSON.stringify(report, null, 2))
    printResult(json, report, () => `results written to ${file}`)
    return 0
  },
}

function qualityOptions(values: CommandContext['values']): QualityOptions {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined)
  const whole = (name: string, raw: string) => {
    const n = Number(raw)
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} takes whole numbers (got '${raw}')`)
    return n
  }
  const side = text('side')
  if (side !== undefined && side !== 'studio' && side !== 'peer')
    throw new UsageError(`--side is studio or peer (got '${side}')`)
  const seeds = text('seeds')
  const epochs = text('epochs')
  const curveEvery = text('curve-every')
  const peerRuns = text('peer-runs')
  const outputDir = text('output')
  return {
    ...(seeds !== undefined && { seeds: seeds.split(',').map((s) => whole('seeds', s.trim())) }),
    ...(epochs !== undefined && { epochs: Math.max(1, whole('epochs', epochs)) }),
    ...(side !== undefined && { sides: [side as QualitySide] }),
    ...(curveEvery !== undefined && { curveEvery: whole('curve-every', curveEvery) }),
    ...(peerRuns !== undefined && { peerRuns }),
    ...(outputDir !== undefined && { outputDir }),
  }
}
