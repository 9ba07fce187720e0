import { describe, expect, it } from 'vitest'
import {
  denyAllPermissions,
  guardContents,
  secureWebPreferences,
  type GuardedContents,
  type PermissionSession,
} from './security-policy'

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>()
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined
  const contents = {
    setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
    on: (event: string, listener: (event: { preventDefault(): void }, url?: string) => void) =>
      listeners.set(event, listener),
  } as unknown as GuardedContents
  /** Fires `event` and says whether the listener prevented it. */
  const fire = (event: string, url?: string) => {
    let prevented = false
    listeners.get(event)!({ preventDefault: () => (prevented = true) }, url)
    return prevented
  }
  return { contents, fire, open: (url: string) => openHandler!({ url }) }
}

describe('Electron security baseline', () => {
  it('denies every permission request and check', () => {
    let request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] | undefined
    let check: (() => boolean) | undefined
    denyAllPermissions({
      setPermissionRequestHandler: (handler) => (request = handler),
      setPermissionCheckHandler: (handler) => (check = handler),
    })
    const answers: boolean[] = []
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read'])
      request!({}, permission, (granted) => answers.push(granted))
    expect(answers).toEqual([false, false, false, false])
    expect(check!()).toBe(false)
  })

  it('denies window.open (https goes to the system browser), navigation away from the app and webviews', () => {
    const opened: string[] = []
    const { contents, fire, open } = fakeContents()
    guardContents(
      contents,
      (url) => url === 'file:///app/index.html',
      (url) => opened.push(url),
    )
    expect(open('https://example.com/')).toEqual({ action: 'deny' })
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' })
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://example.com/'])
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true)
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(fire('will-navigate', 'file:///app/index.html')).toBe(false)
    expect(fire('will-attach-webview')).toBe(true)
  })

  it('gives the window an isolated, sandboxed renderer without Node', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
    })
  })
})
