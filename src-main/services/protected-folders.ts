import { realpathSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { StudioError } from '../../src-shared/contract/errors'

export interface PlatformFolders {
  platform: NodeJS.Platform
  home: string
  env: Record<string, string | undefined>
}

const here: PlatformFolders = { platform: process.platform, home: homedir(), env: process.env }

/** The operating system's own folders: nothing is imported from them or exported into them. */
export function systemFolders({ platform, home, env }: PlatformFolders): string[] {
  if (platform === 'win32') {
    const drive = env.SystemDrive ?? 'C:'
    return [
      env.SystemRoot ?? `${drive}\\Windows`,
      env.ProgramFiles ?? `${drive}\\Program Files`,
      env['ProgramFiles(x86)'] ?? `${drive}\\Program Files (x86)`,
      env.ProgramData ?? `${drive}\\ProgramData`,
    ]
  }
  const posix = [
    '/etc',
    '/proc',
    '/sys',
    '/dev',
    '/boot',
    '/run',
    '/bin',
    '/sbin',
    '/lib',
    '/lib32',
    '/lib64',
    '/usr',
    '/var/lib',
    '/var/log',
  ]
  const rootHome = home === '/root' ? [] : ['/root']
  if (platform === 'darwin')
    return [...posix, ...rootHome, '/System', '/Library', '/private/etc', '/private/var/db', '/cores']
  return [...posix, ...rootHome]
}

/**
 * Why `folder` may not be granted to the UI or exported into, or null when it may: a system folder, a folder
 * inside one, the whole file system, or the studio's own data folder (or inside it). `folder` is absolute;
 * links are followed first, so a link to `/etc` is `/etc`.
 */
export function protectedFolderReason(
  folder: string,
  dataDir: string,
  platform: PlatformFolders = here,
): string | null {
  const api = platform.platform === 'win32' ? path.win32 : path.posix
  const [real, data] = platform === here ? [realOrSelf(folder), realOrSelf(dataDir)] : [folder, dataDir]
  const key = (p: string) => {
    const resolved = api.resolve(p)
    return platform.platform === 'win32' || platform.platform === 'darwin' ? resolved.toLowerCase() : resolved
  }
  const sameOrInside = (parent: string, child: string) => {
    const rel = api.relative(key(parent), key(child))
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${api.sep}`) && !api.isAbsolute(rel))
  }
  if (platform.platform === 'win32' ? /^\\\\[?.]\\/.test(real) : key(real) === '/') {
    return `${folder} is ${platform.platform === 'win32' ? 'a device path' : 'the whole file system'}: choose a folder of your own.`
  }
  const system = systemFolders(platform).find((candidate) => sameOrInside(candidate, real))
  if (system !== undefined)
    return `${folder} is ${key(real) === key(system) ? 'a system folder' : `inside the system folder ${system}`}: the studio does not read from or write into system folders. Choose a folder of your own.`
  if (sameOrInside(data, real))
    return `${folder} is inside the studio's own data folder (${dataDir}): choose a folder outside it.`
  return null
}

export function assertNotProtectedFolder(folder: string, dataDir: string): void {
  const reason = protectedFolderReason(folder, dataDir)
  if (reason !== null) throw new StudioError('VALIDATION', reason)
}

function realOrSelf(folder: string): string {
  try {
    return realpathSync(folder)
  } catch {
    return folder
  }
}
