import { BrowserWindow } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { resourcesDir } from '../services/resources'
import { secureWebPreferences } from './security-policy'

const here = fileURLToPath(new URL('.', import.meta.url))
const devServerUrl = process.env.ELECTRON_RENDERER_URL

export const rendererIndex = join(here, '../renderer/index.html')

export function isTrustedRendererUrl(url: string): boolean {
  if (devServerUrl && url.startsWith(devServerUrl)) return true
  try {
    return new URL(url).protocol === 'file:' && fileURLToPath(url) === rendererIndex
  } catch {
    return false
  }
}

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 640,
    title: 'DCGAN Studio',
    icon: join(resourcesDir(), 'icon.png'),
    show: false,
    webPreferences: secureWebPreferences(join(here, '../preload/index.cjs')),
  })
  window.once('ready-to-show', () => window.show())
  if (devServerUrl) void window.loadURL(devServerUrl)
  else void window.loadFile(rendererIndex)
  return window
}
