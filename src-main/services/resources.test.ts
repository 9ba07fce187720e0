import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { resourcesDir, sampleFacesDir } from './resources'

describe('resources/', () => {
  it('holds the 512×512 app icon', async () => {
    const icon = await sharp(join(resourcesDir(), 'icon.png')).metadata()
    expect([icon.format, icon.width, icon.height]).toEqual(['png', 512, 512])
  })

  it('holds 64 small sample face photos with the attribution their licence asks for', async () => {
    const files = readdirSync(sampleFacesDir())
    const photos = files.filter((file) => file.endsWith('.jpg'))
    expect(files.filter((file) => !photos.includes(file))).toEqual(['NOTICE'])
    expect(photos).toHaveLength(64)
    const bytes = photos.reduce((sum, file) => sum + statSync(join(sampleFacesDir(), file)).size, 0)
    expect(bytes).toBeLessThan(1024 * 1024)
    const first = await sharp(join(sampleFacesDir(), photos[0]!)).metadata()
    expect(Math.max(first.width, first.height)).toBe(160)
    const notice = readFileSync(join(sampleFacesDir(), 'NOTICE'), 'utf8')
    expect(notice).toContain('L. Fei-Fei, R. Fergus and P. Perona')
    expect(notice).toContain('Creative Commons Attribution 4.0 International (CC BY 4.0)')
  })
})
