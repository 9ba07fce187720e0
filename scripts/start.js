// `npm start`: build if needed, then open the desktop app, or say in one line why it can't and what to use instead.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

function electronBinary() {
  try {
    return require('electron')
  } catch {
    return null
  }
}

function run(command, args) {
  return spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1
}

if (!existsSync('out/main/index.js') || process.env.STUDIO_REBUILD) {
  const status = run('npx', ['electron-vite', 'build'])
  if (status !== 0) process.exit(status)
}

if (!electronBinary()) {
  console.error(
    "DCGAN Studio: Electron's binary is not installed here (its download is not available), so the desktop window cannot open; " +
      'run the same studio in your browser instead: npx dcgan-studio serve',
  )
  process.exit(1)
}
process.exit(run('npx', ['electron-vite', 'preview']))
