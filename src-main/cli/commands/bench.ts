import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { benchBridgeLatency } from '../../../bench/bridge-latency'
import { benchImport, CALTECH_FACES } from '../../../bench/import'
import { benchPreflight } from '../../../bench/preflight-bench'
import { benchQuality } from '../../../bench/quality'
import { benchTraining } from '../../../bench/training-bench'
import type { Command } from '../command'
import { info, printResult } from '../output'

const PARTS = ['import', 'training', 'bridge', 'quality', 'preflight'] as const

export const benchCommand: Command = {
  name: 'bench',
  summary: 'Measure import speed, training speed and sample quality against the PyTorch peer, UI responsiveness while training, and the pre-flight estimate against real runs',
  usage: 'dcgan-studio bench [--import] [--training] [--bridge] [--quality] [--preflight] [--count 10000] [--json]',
  options: {
    import: { type: 'boolean' },
    training: { type: 'boolean' },
    bridge: { type: 'boolean' },
    quality: { type: 'boolean' },
    preflight: { type: 'boolean' },
    count: { type: 'string' },
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
        log(`import ${r.label}: ${r.imagesPerSecond.toFixed(0)} images/s (target ≥ 300), main event-loop lag p99 ${r.lagP99Ms.toFixed(1)} ms (target < 50)`)
      }
      report.import = results
    }
    if (parts.includes('training')) {
      // as many threads as the training process uses (one per core)
      const result = await benchTraining({ log, wasmThreads: availableParallelism() })
      const k = result.backend.kernels
      if (k) log(`training kernels: ${k.label}${k.reason ? ` (${k.reason})` : ''}`)
      for (const r of result.results) {
        const peer = r.peer ? `, peer ${r.peer.imagesPerSec.toFixed(1)} img/s → ratio ${r.ratio?.toFixed(2)}× (target ≥ 1.0×)` : `, peer not measured (${r.peerError})`
        log(
          `training ${r.model} batch ${r.batch} on ${result.backend.backend}${k?.kind === 'native' ? ' + oneDNN' : ''}: ${r.imagesPerSec.toFixed(1)} img/s (${r.msPerStep.toFixed(0)} ms/step)${peer}; ` +
            `generator ${r.inference.batch1.toFixed(0)} img/s at batch 1, ${r.inference.batch64.toFixed(0)} img/s at batch 64`,
        )
      }
      report.training = result
    }
    if (parts.includes('bridge')) {
      const result = await benchBridgeLatency({ log })
      log(`bridge round trip while training: p50 ${result.p50Ms.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms (target < 20), p99 ${result.p99Ms.toFixed(1)} ms over ${result.calls} calls`)
      report.bridge = result
    }
    if (parts.includes('quality') && !existsSync(CALTECH_FACES)) {
      log(`skip quality: it trains on the shared caltech faces, which are not at ${CALTECH_FACES} (../shared lies beside CI checkouts, not beside a clone)`)
    } else if (parts.includes('quality')) {
      const result = await benchQuality({ log })
      const stats = (runs: { swd: number; seconds: number }[]) => {
        const mean = runs.reduce((a, r) => a + r.swd, 0) / runs.length
        const spread = Math.sqrt(runs.reduce((a, r) => a + (r.swd - mean) ** 2, 0) / runs.length)
        return { mean, spread, seconds: runs.reduce((a, r) => a + r.seconds, 0) / runs.length }
      }
      const studio = stats(result.studio)
      const peer = stats(result.peer)
      log(
        `quality: compact-32, ${result.steps} steps at batch ${result.batch}, ${result.studio.length} seeds: SWD studio ${studio.mean.toFixed(1)} ± ${studio.spread.toFixed(1)}, ` +
          `peer ${peer.mean.toFixed(1)} ± ${peer.spread.toFixed(1)} (ratio ${(studio.mean / peer.mean).toFixed(2)}, target ≤ 0.8); real vs real ${result.realVsReal.toFixed(1)}; ` +
          `time studio ${studio.seconds.toFixed(0)} s, peer ${peer.seconds.toFixed(0)} s per run; grids ${result.grids.studio} and ${result.grids.peer}`,
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
