import { app, session, shell } from 'electron'
import { denyAllPermissions, guardContents } from './security-policy'

/** No new windows, no navigation away from the app, no permission prompts. */
export function applySecurityBaseline(isTrustedUrl: (url: string) => boolean) {
  denyAllPermissions(session.defaultSession)
  app.on('web-contents-created', (_event, contents) =>
    guardContents(contents, isTrustedUrl, (url) => void shell.openExternal(url)),
  )
}
