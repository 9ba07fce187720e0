import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { removeTempCheckpoints } from './checkpoint-leftovers'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'studio-leftovers-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function folder(name: string, files: Record<string, string>): void {
  mkdirSync(join(dir, name), { recursive: true })
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, name, file), text)
}

describe('removeTempCheckpoints', () => {
  it('removes only the temporary folders a killed checkpoint write left, never a checkpoint or anything it did not write', () => {
    folder('step-000000002', { 'tensors.bin': 'weights', 'manifest.json': '{}' })
    folder('.tmp-step-000000004-1a2b3c4d', { 'tensors.bin': 'half of the wei' })
    folder('.tmp-step-000000006-0f0f0f0f', {})
    folder('.tmp-step-000000004-5e6f7a8b', { 'tensors.bin': 'w', 'notes.txt': 'the user put this here' })
    folder('.tmp-step-4-1a2b3c4d', { 'tensors.bin': 'w' })
    folder('.old-step-000000002-9a9a9a9a', { 'tensors.bin': 'the only copy while a rewrite was interrupted' })
    writeFileSync(join(dir, '.tmp-step-000000008-12345678'), 'a file, not a folder')

    expect(removeTempCheckpoints(dir).sort()).toEqual(['.tmp-step-000000004-1a2b3c4d', '.tmp-step-000000006-0f0f0f0f'])
    expect(readdirSync(dir).sort()).toEqual([
      '.old-step-000000002-9a9a9a9a',
      '.tmp-step-000000004-5e6f7a8b',
      '.tmp-step-000000008-12345678',
      '.tmp-step-4-1a2b3c4d',
      'step-000000002',
    ])
    expect(existsSync(join(dir, 'step-000000002', 'tensors.bin'))).toBe(true)
  })

  it('does nothing for a run that has no checkpoints folder yet', () => {
    expect(removeTempCheckpoints(join(dir, 'run-9'))).toEqual([])
  })
})
