import { BrowserWindow, dialog } from 'electron'

/** The native folder picker; the chosen path stays in main and reaches the UI only as a grant id. */
export async function pickFolderWithDialog(): Promise<string | null> {
  const options: Electron.OpenDialogOptions = { title: 'Choose a folder of photos', properties: ['openDirectory'] }
  const parent = BrowserWindow.getFocusedWindow()
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options)
  return result.canceled ? null : (result.filePaths[0] ?? null)
}
