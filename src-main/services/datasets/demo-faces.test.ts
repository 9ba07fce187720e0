import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { demoFaceSvg, importDemoFaces, renderDemoFace } from './demo-faces'
import { readTrainingCache } from './training-cache'
import { cleanupTempDirs, makeTempDir } from './test-fixtures'

afterAll(cleanupTempDirs)

describe('demo faces', () => {
  it('are deterministic from the seed and varied', async () => {
    expect(demoFaceSvg(1)).toBe(demoFaceSvg(1))
    expect(demoFaceSvg(1)).not.toBe(demoFaceSvg(2))
    const a = await sharp(await renderDemoFace(5))
      .raw()
      .toBuffer()
    const b = await sharp(await renderDemoFace(5))
      .raw()
      .toBuffer()
    expect(Buffer.compare(a, b)).toBe(0)
    const meta = await sharp(await renderDemoFace(5, { width: 250, height: 300, format: 'jpeg' })).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 250, 300])
  })

  it('are written as PNG files and imported through the ordinary pipeline', async () => {
    const dir = makeTempDir()
    const s = await importDemoFaces(join(dir, 'faces'), {
      count: 24,
      seed: 7,
      outputDir: join(dir, 'ds'),
      engine: 'inline',
    })
    expect(readdirSync(join(dir, 'faces')).filter((f) => f.endsWith('.png')).length).toBe(24)
    expect(s.imported.length).toBe(24)
    expect(s.rejected).toEqual([])
    expect(new Set(s.imported.map((i) => i.sha256)).size).toBe(24)
    expect(s.nearDuplicates).toBe(0)
    expect(s.imported.every((i) => i.format === 'png')).toBe(true)
    const cache = await readTrainingCache(join(dir, 'ds', 'cache-64.bin'))
    expect(cache.count).toBe(24)
  })
})
