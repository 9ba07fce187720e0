#!/usr/bin/env node
/**
 * Optional step of `npm install`: builds native/ (the oneDNN kernels) with node-gyp. It never fails
 * the install: when oneDNN's headers (Debian: libdnnl-dev) or Node's headers are missing, or the
 * build fails, it writes the reason to native/build/skip-reason.txt and the engine uses its wasm
 * kernels. Nothing is downloaded: node-gyp is pointed at the headers of the running Node.
 * DCGAN_NATIVE=0 skips the build.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'native')
const buildDir = path.join(root, 'build')
const reasonFile = path.join(buildDir, 'skip-reason.txt')

function skip(reason) {
  fs.mkdirSync(buildDir, { recursive: true })
  fs.writeFileSync(reasonFile, reason + '\n')
  console.log(`native kernels not built (${reason}); training uses the wasm kernels`)
  process.exit(0)
}

function findNodeGyp() {
  if (process.env.npm_config_node_gyp && fs.existsSync(process.env.npm_config_node_gyp))
    return process.env.npm_config_node_gyp
  const candidates = [
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ]
  try {
    candidates.unshift(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'))
  } catch {
    /* not a dependency: use npm's own copy */
  }
  return candidates.find((c) => fs.existsSync(c))
}

if (process.env.DCGAN_NATIVE === '0') skip('DCGAN_NATIVE=0')
const dnnlHeader = ['/usr/include', '/usr/local/include'].find((d) =>
  fs.existsSync(path.join(d, 'oneapi', 'dnnl', 'dnnl.hpp')),
)
if (!dnnlHeader) skip('libdnnl-dev missing')
const nodeDir = path.resolve(path.dirname(process.execPath), '..')
if (!fs.existsSync(path.join(nodeDir, 'include', 'node', 'node_api.h')))
  skip(`Node headers missing under ${nodeDir}/include/node`)
const nodeGyp = findNodeGyp()
if (!nodeGyp) skip('node-gyp not found')
fs.rmSync(reasonFile, { force: true })
const r = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
})
if (r.status !== 0) skip(`node-gyp build failed (exit ${r.status ?? r.signal})`)
console.log('native oneDNN kernels built: native/build/Release/dcgan_onednn.node')
