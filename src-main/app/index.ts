import { app, BrowserWindow, dialog } from 'electron'
import { createDispatcher } from '../bridge/dispatcher'
import { probeBackendsInProcess } from '../services/backend-probe'
import { Studio } from '../services/studio'
import { pickFolderWithDialog } from './folder-dialog'
import { registerIpc } from './ipc'
import { createMainWindow, isTrustedRendererUrl } from './main-window'
import { registerMediaScheme, serveMediaProtocol } from './media-protocol'
import { applySecurityBaseline } from './security'
import { spawnUtilityTrainingProcess } from './utility-training-process'

registerMediaScheme()

async function start() {
  await app.whenReady()
  let studio: Studio
  try {
    studio = new Studio({
      dataDir: app.getPath('userData'),
      mode: 'electron',
      probeBackends: probeBackendsInProcess,
      pickFolder: pickFolderWithDialog,
      spawnTrainingProcess: spawnUtilityTrainingProcess,
    })
  } catch (error) {
    dialog.showErrorBox('DCGAN Studio cannot open its data', error instanceof Error ? error.message : String(error))
    app.exit(1)
    return
  }
  applySecurityBaseline(isTrustedRendererUrl)
  serveMediaProtocol(studio.media)
  registerIpc(createDispatcher(studio.handlers()), studio.hub, isTrustedRendererUrl, () =>
    BrowserWindow.getAllWindows().map((window) => window.webContents),
  )
  createMainWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => studio.close())
}

void start()
