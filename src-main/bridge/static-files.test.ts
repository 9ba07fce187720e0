import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveStaticFile } from './static-files'

const parent = mkdtempSync(join(tmpdir(), 'studio-static-'))
const root = join(parent, 'renderer')
mkdirSync(join(root, 'assets'), { recursive: true })
writeFileSync(join(root, 'index.html'), '<!doctype html>')
writeFileSync(join(root, 'assets', 'app.js'), '')
writeFileSync(join(parent, 'secret.txt'), 'secret')
mkdirSync(join(parent, 'renderer-evil'))
writeFileSync(join(parent, 'renderer-evil', 'x.js'), '')
afterAll(() => rmSync(parent, { recursive: true, force: true }))

describe('resolveStaticFile', () => {
  it('serves files under the root, and index.html for /', () => {
    expect(resolveStaticFile(root, '/')).toBe(join(root, 'index.html'))
    expect(resolveStaticFile(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'))
  })

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2E%2E/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/../renderer-evil/x.js',
    '/%00',
    '/%E0%A4%A',
    '/assets',
  ])('refuses %s', (path) => {
    expect(resolveStaticFile(root, path)).toBeUndefined()
  })
})
