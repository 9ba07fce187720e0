import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher, type Dispatch } from '../bridge/dispatcher'
import type { RequestArgs } from '../../src-shared/contract/channels'
import { Studio } from './studio'

let root: string
let studio: Studio
let dispatch: Dispatch
const probeBackends = async () => ({ backend: 'cpu' as const, device: 'test', unavailable: [], versions: {} })

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'studio-grants-'))
  studio = new Studio({ dataDir: join(root, 'data'), mode: 'browser', probeBackends })
  dispatch = createDispatcher(studio.handlers())
})
afterAll(() => {
  studio.close()
  rmSync(root, { recursive: true, force: true })
})

const grantPath = (args: RequestArgs<'folders.grantPath'>) =>
  dispatch('folders.grantPath', args, { transport: 'browser' })

describe('an export destination', () => {
  it('is created when it does not exist yet and its parent does', async () => {
    const folder = join(root, 'exports')
    expect(await grantPath({ path: folder, purpose: 'export' })).toMatchObject({
      ok: true,
      value: { label: 'exports', kind: 'folder' },
    })
    expect(existsSync(folder)).toBe(true)
  })

  it('is refused with the missing parent named when that does not exist either, and nothing is made', async () => {
    const folder = join(root, 'typo', 'exports')
    expect(await grantPath({ path: folder, purpose: 'export' })).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: `There is no folder at ${folder}, and no folder ${join(root, 'typo')} to create it in: check the path.`,
      },
    })
    expect(existsSync(join(root, 'typo'))).toBe(false)
  })

  it('is never created inside the data folder or a system folder, not even through a link', async () => {
    expect(await grantPath({ path: join(studio.dirs.root, 'exports'), purpose: 'export' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('data folder') },
    })
    symlinkSync('/etc', join(root, 'looks-harmless'))
    expect(await grantPath({ path: join(root, 'looks-harmless', 'exports'), purpose: 'export' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('system folder') },
    })
    expect(existsSync(join(studio.dirs.root, 'exports'))).toBe(false)
  })

  it('is not created for other purposes: a missing photo folder stays an error', async () => {
    const folder = join(root, 'missing-photos')
    expect(await grantPath({ path: folder, purpose: 'photos' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: `There is no folder at ${folder}.` },
    })
    expect(existsSync(folder)).toBe(false)
  })
})

describe('a folder of photos', () => {
  it('is refused at the path step when it holds no file (hidden ones do not count), with a clear reason', async () => {
    const empty = join(root, 'empty')
    mkdirSync(join(empty, 'sub', '.thumbnails'), { recursive: true })
    writeFileSync(join(empty, '.DS_Store'), 'x')
    writeFileSync(join(empty, 'sub', '.thumbnails', 'a.png'), 'x')
    expect(await grantPath({ path: empty, purpose: 'photos' })).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: `${empty} is empty: it holds no files (hidden ones are skipped). Choose the folder your photos are in.`,
      },
    })
  })

  it('is granted when a file is anywhere below it', async () => {
    const nested = join(root, 'nested')
    mkdirSync(join(nested, '2024', 'summer'), { recursive: true })
    writeFileSync(join(nested, '2024', 'summer', 'face.jpg'), 'x')
    expect(await grantPath({ path: nested, purpose: 'photos' })).toMatchObject({ ok: true, value: { label: 'nested' } })
  })
})
