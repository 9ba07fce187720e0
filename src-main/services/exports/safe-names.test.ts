import { afterAll, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, promises as fsp, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { isInside } from '../path-inside'
import { moveIntoPlace, numberedName, realDestination, sanitizeName, uniquePath } from './safe-names'

const root = mkdtempSync(path.join(os.tmpdir(), 'dcgan-safe-names-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('sanitizeName', () => {
  it('removes path separators and dot-dot', () => {
    expect(sanitizeName('../../etc/passwd')).toBe('_._etc_passwd')
    expect(sanitizeName('a/b\\c')).toBe('a_b_c')
    expect(sanitizeName('..')).toBe('export')
    expect(sanitizeName('x..y')).toBe('x.y')
    for (const s of ['../x', 'a/../b', '....', '..\\..\\win']) {
      const out = sanitizeName(s)
      expect(out).not.toMatch(/\.\.|[/\\]/)
    }
  })

  it('prefixes reserved Windows device names, with or without extension, any case', () => {
    expect(sanitizeName('CON')).toBe('_CON')
    expect(sanitizeName('nul')).toBe('_nul')
    expect(sanitizeName('COM1')).toBe('_COM1')
    expect(sanitizeName('lpt9.png')).toBe('_lpt9.png')
    expect(sanitizeName('aux', { extension: '.zip' })).toBe('_aux.zip')
    expect(sanitizeName('console')).toBe('console')
    expect(sanitizeName('COM10')).toBe('COM10')
  })

  it('drops control and bidi characters (U+202A–U+202E, U+2066–U+2069)', () => {
    expect(sanitizeName('evil\u202Egnp.exe')).toBe('evilgnp.exe')
    expect(sanitizeName('a\u2066b\u2067c\u2068d\u2069e\u202Af\u202Bg\u202Ch\u202Di')).toBe('abcdefghi')
    expect(sanitizeName('tab\there\nnew\u0000null\u007f')).toBe('tab here newnull')
    expect(sanitizeName('zero\u200bwidth\ufeff')).toBe('zerowidth')
  })

  it('strips trailing dots and spaces (and leading ones), and Windows-forbidden characters', () => {
    expect(sanitizeName('name. . ')).toBe('name')
    expect(sanitizeName('  .hidden')).toBe('hidden')
    expect(sanitizeName('a:b*c?d"e<f>g|h')).toBe('a_b_c_d_e_f_g_h')
  })

  it('falls back when nothing is left', () => {
    expect(sanitizeName('')).toBe('export')
    expect(sanitizeName('\u202E\u0000. ', { fallback: 'run 3' })).toBe('run 3')
    expect(sanitizeName(' ', { fallback: '../' })).toBe('_')
    expect(sanitizeName('', { fallback: '', extension: '.png' })).toBe('export.png')
  })

  it('limits length in UTF-8 bytes, keeping the extension', () => {
    const long = sanitizeName('é'.repeat(300), { extension: '.png' })
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(120)
    expect(long.endsWith('é.png')).toBe(true)
    expect(sanitizeName('😀'.repeat(100)).length % 2).toBe(0) // never splits a surrogate pair
  })
})

describe('numbered, unique and contained paths', () => {
  it('numbers names keeping the extension', () => {
    expect(numberedName('face.png', 1)).toBe('face.png')
    expect(numberedName('face.png', 2)).toBe('face (2).png')
    expect(numberedName('folder', 3)).toBe('folder (3)')
  })

  it('isInside: /out vs /out-evil, .., the folder itself', () => {
    expect(isInside('/out', '/out/a.png')).toBe(true)
    expect(isInside('/out', '/out/sub/a.png')).toBe(true)
    expect(isInside('/out', '/out-evil/a.png')).toBe(false)
    expect(isInside('/out', '/out/../out-evil/a.png')).toBe(false)
    expect(isInside('/out', '/out')).toBe(false)
    expect(isInside('/out', '/')).toBe(false)
    expect(isInside('/out/', '/out/..a')).toBe(true) // a name starting with dots is still inside
  })

  it('never reuses a taken name, counting files, folders, symlinks and dangling symlinks', async () => {
    const dest = path.join(root, 'unique')
    mkdirSync(dest)
    const real = await realDestination(dest)
    expect(path.basename(await uniquePath(real, 'a.png'))).toBe('a.png')
    writeFileSync(path.join(dest, 'a.png'), 'x')
    expect(path.basename(await uniquePath(real, 'a.png'))).toBe('a (2).png')
    mkdirSync(path.join(dest, 'a (2).png'))
    symlinkSync(path.join(root, 'does-not-exist'), path.join(dest, 'a (3).png')) // dangling
    symlinkSync(path.join(root), path.join(dest, 'a (4).png'))
    expect(path.basename(await uniquePath(real, 'a.png'))).toBe('a (5).png')
    expect(path.basename(await uniquePath(real, 'a.png', new Set(['A (5).PNG'])))).toBe('a (6).png')
    expect(path.basename(await uniquePath(real, '../../escape.png'))).toBe('_._escape.png')
  })

  it('resolves a symlinked destination once and keeps paths inside its real folder', async () => {
    const target = path.join(root, 'real-out')
    mkdirSync(target)
    const link = path.join(root, 'link-out')
    symlinkSync(target, link)
    const real = await realDestination(link)
    expect(real).toBe(await fsp.realpath(target))
    expect(isInside(real, await uniquePath(real, 'x.png'))).toBe(true)
    writeFileSync(path.join(root, 'file'), 'x')
    await expect(realDestination(path.join(root, 'file'))).rejects.toThrow(/not a folder/)
  })

  it('moveIntoPlace never overwrites: a file and a folder get the next free name', async () => {
    const dest = await realDestination(
      (mkdirSync(path.join(root, 'move'), { recursive: true }), path.join(root, 'move')),
    )
    const staging = path.join(dest, '.staging')
    mkdirSync(staging)
    writeFileSync(path.join(dest, 'out.zip'), 'old')
    writeFileSync(path.join(staging, 'out.zip'), 'new')
    const file = await moveIntoPlace(path.join(staging, 'out.zip'), dest, 'out.zip')
    expect(path.basename(file)).toBe('out (2).zip')
    expect(await fsp.readFile(path.join(dest, 'out.zip'), 'utf8')).toBe('old')
    expect(await fsp.readFile(file, 'utf8')).toBe('new')
    await expect(fsp.access(path.join(staging, 'out.zip'))).rejects.toThrow()

    mkdirSync(path.join(dest, 'images'))
    writeFileSync(path.join(dest, 'images', 'keep.png'), 'k')
    mkdirSync(path.join(staging, 'images'))
    writeFileSync(path.join(staging, 'images', 'new.png'), 'n')
    const folder = await moveIntoPlace(path.join(staging, 'images'), dest, 'images')
    expect(path.basename(folder)).toBe('images (2)')
    expect(await fsp.readdir(path.join(dest, 'images'))).toEqual(['keep.png'])
    expect(await fsp.readdir(folder)).toEqual(['new.png'])
  })
})
