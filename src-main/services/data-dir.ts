import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export const APP_NAME = 'DCGAN Studio'
export const DATABASE_FILE = 'studio.sqlite'
export const DATA_SUBFOLDERS = ['datasets', 'checkpoints', 'samples', 'scratch', 'cache'] as const

/** The platform's user data folder, the same one Electron's app.getPath('userData') gives. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME)
}

export interface DataDir {
  root: string
  database: string
  datasets: string
  checkpoints: string
  samples: string
  /** The studio's own temporary files (demo photos before import, exports being written). */
  scratch: string
  /** Files derived from others and made again when missing (a checkpoint's generator as a TF.js model…). */
  cache: string
}

export function prepareDataDir(dir: string): DataDir {
  const root = resolve(dir)
  for (const sub of DATA_SUBFOLDERS) mkdirSync(join(root, sub), { recursive: true })
  return {
    root,
    database: join(root, DATABASE_FILE),
    datasets: join(root, 'datasets'),
    checkpoints: join(root, 'checkpoints'),
    samples: join(root, 'samples'),
    scratch: join(root, 'scratch'),
    cache: join(root, 'cache'),
  }
}
