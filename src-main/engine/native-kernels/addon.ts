/**
 * Loads the optional oneDNN addon (native/, built by `npm install` where libdnnl-dev is present).
 * Never throws: a missing or unloadable addon yields the reason, and the engine keeps its wasm kernels.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

export interface OneDnnAddon {
  /** y[N,OH,OW,Co] = conv(x[N,H,W,Ci], f[kh,kw,Ci,Co]); params: see convParams */
  conv2d(x: Float32Array, filter: Float32Array, y: Float32Array, params: number[]): void
  /** dx = conv2dTranspose(dy, filter), same params as the forward conv that maps dx's shape to dy's */
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, params: number[]): void
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, df: Float32Array, params: number[]): void
  /** c[B,M,N] = op(a) · op(b); params [B, M, K, N, transposeA, transposeB] */
  matmul(a: Float32Array, b: Float32Array, c: Float32Array, params: number[]): void
  info(): { isa: string; version: string; threads: number }
  setThreads(n: number): void
}

export type AddonLoad = { ok: true; addon: OneDnnAddon } | { ok: false; reason: string }

const ADDON = path.join('native', 'build', 'Release', 'dcgan_onednn.node')

/** The package root: the nearest folder above this module holding native/binding.gyp. */
function packageRoot(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (fs.existsSync(path.join(dir, 'native', 'binding.gyp'))) return dir
    const up = path.dirname(dir)
    if (up === dir) return null
    dir = up
  }
}

let loaded: AddonLoad | null = null

export function loadOneDnn(): AddonLoad {
  if (loaded) return loaded
  loaded = load()
  return loaded
}

function load(): AddonLoad {
  if (process.env.DCGAN_NATIVE === '0') return { ok: false, reason: 'disabled by DCGAN_NATIVE=0' }
  const root = packageRoot()
  if (!root) return { ok: false, reason: 'native/ not found beside the app' }
  const file = path.join(root, ADDON)
  if (!fs.existsSync(file)) {
    let why = 'run `npm run build:native`'
    try {
      why = fs.readFileSync(path.join(root, 'native', 'build', 'skip-reason.txt'), 'utf8').trim()
    } catch {
      /* never attempted */
    }
    return { ok: false, reason: `native addon not built: ${why}` }
  }
  // libgomp reads this when it loads. Its default spins idle threads between kernels, which on a busy
  // machine takes the cores the wasm threads and the UI need: compact-32 at 2 threads under load ran
  // 8 img/s spinning and 28 img/s passive (bench --training, 2-vCPU EPYC, load 25).
  process.env.OMP_WAIT_POLICY ??= 'PASSIVE'
  try {
    return { ok: true, addon: createRequire(import.meta.url)(file) as OneDnnAddon }
  } catch (e) {
    return {
      ok: false,
      reason: `native addon failed to load: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
    }
  }
}
