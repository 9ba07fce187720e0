import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher, type Dispatch } from '../bridge/dispatcher'
import type { RequestArgs, RequestChannel } from '../../src-shared/contract/channels'
import { protectedFolderReason, type PlatformFolders } from './protected-folders'
import { Studio } from './studio'

let root: string
let studio: Studio
let dispatch: Dispatch
const probeBackends = async () => ({ backend: 'cpu' as const, device: 'test', unavailable: [], versions: {} })

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'studio-protected-'))
  studio = new Studio({ dataDir: join(root, 'data'), mode: 'browser', probeBackends })
  dispatch = createDispatcher(studio.handlers())
})
afterAll(() => {
  studio.close()
  rmSync(root, { recursive: true, force: true })
})

/** A browser-mode grant of a typed path, as the Datasets and Export pages ask for it. */
const grantPath = (path: string) =>
  dispatch('folders.grantPath', { path } satisfies RequestArgs<'folders.grantPath'>, { transport: 'browser' })
const call = (channel: RequestChannel, args: unknown) => dispatch(channel, args, { transport: 'browser' })

describe('folders that are never granted in browser mode', () => {
  it.each([
    ['/etc', '/etc is a system folder'],
    ['/proc/self', '/proc/self is inside the system folder /proc'],
    ['/sys', '/sys is a system folder'],
    ['/dev', '/dev is a system folder'],
    ['/', '/ is the whole file system'],
  ])('refuses %s with a clear reason', async (path, reason) => {
    expect(await grantPath(path)).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining(reason) },
    })
  })

  it('refuses a link that leads into a system folder, and the studio’s own data folder or anything in it', async () => {
    symlinkSync('/etc', join(root, 'innocent'))
    expect(await grantPath(join(root, 'innocent'))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('system folder') },
    })
    for (const inside of [studio.dirs.root, studio.dirs.datasets]) {
      expect(await grantPath(inside)).toEqual({
        ok: false,
        error: {
          code: 'VALIDATION',
          message: `${inside} is inside the studio's own data folder (${studio.dirs.root}): choose a folder outside it.`,
        },
      })
    }
  })

  it('grants a folder of the user’s own, beside the data folder', async () => {
    mkdirSync(join(root, 'photos'))
    writeFileSync(join(root, 'photos', 'a.jpg'), 'x')
    expect(await grantPath(join(root, 'photos'))).toMatchObject({
      ok: true,
      value: { label: 'photos', kind: 'folder' },
    })
  })

  it('refuses to export into a system folder or the data folder, from the UI and the command line alike', async () => {
    for (const destination of ['/etc', studio.dirs.root]) {
      expect(() => studio.exports.prepare({ runId: 1, kind: 'images', destination })).toThrow(
        /system folder|data folder/,
      )
    }
    const grant = await grantPath(root)
    expect(grant.ok).toBe(true)
    const started = await call('exports.start', {
      runId: 1,
      kind: 'images',
      grantId: (grant as { value: { grantId: string } }).value.grantId,
    })
    expect(started).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

describe('system folders on each platform', () => {
  const windows: PlatformFolders = {
    platform: 'win32',
    home: 'C:\\Users\\ana',
    env: { SystemRoot: 'C:\\Windows', ProgramFiles: 'C:\\Program Files' },
  }
  const mac: PlatformFolders = { platform: 'darwin', home: '/Users/ana', env: {} }
  const linux: PlatformFolders = { platform: 'linux', home: '/home/ana', env: {} }

  it.each([
    [windows, 'C:\\Windows\\System32', 'inside the system folder C:\\Windows'],
    [windows, 'c:\\windows', 'a system folder'],
    [windows, 'C:\\Program Files\\Studio', 'inside the system folder C:\\Program Files'],
    [windows, 'C:\\ProgramData', 'a system folder'],
    [windows, '\\\\.\\PhysicalDrive0', 'a device path'],
    [windows, 'C:\\Users\\ana\\AppData\\Roaming\\dcgan-studio\\datasets', "inside the studio's own data folder"],
    [mac, '/System/Library', 'inside the system folder /System'],
    [mac, '/Library', 'a system folder'],
    [mac, '/private/etc', 'a system folder'],
    [linux, '/root', 'a system folder'],
    [linux, '/boot/efi', 'inside the system folder /boot'],
    [linux, '/usr/share', 'inside the system folder /usr'],
  ])('%#: refuses %s', (platform, folder, reason) => {
    const dataDir =
      platform === windows ? 'C:\\Users\\ana\\AppData\\Roaming\\dcgan-studio' : `${platform.home}/.config/dcgan-studio`
    expect(protectedFolderReason(folder, dataDir, platform)).toContain(reason)
  })

  it.each([
    [windows, 'D:\\Photos'],
    [windows, 'C:\\Users\\ana\\Pictures'],
    [windows, 'C:\\Windows-photos'],
    [mac, '/Users/ana/Library/Mobile Documents/photos'],
    [mac, '/Users/ana/Pictures'],
    [linux, '/home/ana/Pictures'],
    [linux, '/etc-photos'],
    [linux, '/home/ana'],
    [{ ...linux, home: '/root' }, '/root/faces'],
  ])('%#: grants %s', (platform, folder) => {
    const dataDir =
      platform === windows ? 'C:\\Users\\ana\\AppData\\Roaming\\dcgan-studio' : `${platform.home}/.config/dcgan-studio`
    expect(protectedFolderReason(folder, dataDir, platform)).toBeNull()
  })

  it('knows this machine’s home folder is the user’s own', () => {
    expect(protectedFolderReason(homedir(), join(root, 'data'))).toBeNull()
  })
})
