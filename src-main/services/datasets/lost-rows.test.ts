import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { normalizeImageBytes } from './normalize-image'
import { faceJpeg } from './test-fixtures'

/** Where a baseline JPEG's entropy-coded data starts (after its first SOS segment) and ends (before EOI). */
function scanData(jpeg: Buffer): { start: number; end: number } {
  for (let i = 2; i < jpeg.length - 3; i++) {
    if (jpeg[i] === 0xff && jpeg[i + 1] === 0xda)
      return { start: i + 2 + jpeg.readUInt16BE(i + 2), end: jpeg.length - 2 }
  }
  throw new Error('no SOS marker')
}

/** The photo with the second half of its image data overwritten by `fill(offset)`, EOI kept. */
function corruptHalfWay(jpeg: Buffer, fill: (offset: number) => number): Buffer {
  const { start, end } = scanData(jpeg)
  const corrupt = Buffer.from(jpeg)
  for (let i = start + Math.floor((end - start) / 2); i < end; i++) corrupt[i] = fill(i)
  return corrupt
}

const normalize = (bytes: Buffer) => normalizeImageBytes(bytes, { sizes: [32, 64] })

describe('JPEG data corrupt half-way', () => {
  it('is rejected when its second half was zeroed, which libjpeg decodes without a warning as one flat colour', async () => {
    const zeroed = corruptHalfWay(await faceJpeg(1, 800, 960), () => 0)
    // the premise: the strictest libvips decode accepts it
    await expect(sharp(zeroed, { failOn: 'warning' }).raw().toBuffer()).resolves.toBeInstanceOf(Buffer)
    expect(await normalize(zeroed)).toEqual({
      ok: false,
      code: 'corrupt',
      message: expect.stringMatching(
        /^The image data is corrupt and cannot be decoded\. Its lower \d+% is one flat colour: the image data was lost part-way/,
      ),
    })
  })

  it('is rejected when its second half is garbage that libvips warns about, or cut off', async () => {
    const face = await faceJpeg(2, 400, 480)
    let state = 7
    const garbage = corruptHalfWay(face, () => {
      state = (state * 1103515245 + 12345) & 0x7fffffff
      return (state >> 16) & 0xfe // never 0xff: no marker is forged
    })
    expect(await normalize(garbage)).toMatchObject({
      ok: false,
      code: 'corrupt',
      message: expect.stringContaining('Corrupt JPEG data'),
    })
    const { start, end } = scanData(face)
    expect(await normalize(face.subarray(0, start + Math.floor((end - start) / 2)))).toMatchObject({
      ok: false,
      code: 'truncated',
    })
  })

  it('keeps intact photos, plain colours, black letterbox bars and white margins, and PNGs with a flat lower half', async () => {
    const face = await faceJpeg(3, 400, 480)
    expect(await normalize(face)).toMatchObject({ ok: true })
    const plain = await sharp({ create: { width: 80, height: 90, channels: 3, background: '#6a5b78' } })
      .jpeg()
      .toBuffer()
    expect(await normalize(plain)).toMatchObject({ ok: true })
    for (const background of ['#000000', '#ffffff']) {
      const barred = await sharp({ create: { width: 400, height: 640, channels: 3, background } })
        .composite([{ input: face, left: 0, top: 0 }])
        .jpeg({ quality: 90 })
        .toBuffer()
      expect(await normalize(barred), background).toMatchObject({ ok: true })
    }
    const flatPng = await sharp({ create: { width: 400, height: 640, channels: 3, background: '#8080c0' } })
      .composite([{ input: face, left: 0, top: 0 }])
      .png()
      .toBuffer()
    expect(await normalize(flatPng)).toMatchObject({ ok: true })
  })
})
