import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { readImageHeader } from './image-header'
import { asymmetricRaw, faceJpeg, pngDeclaringDimensions, storedForOrientation } from './test-fixtures'

describe('readImageHeader', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('JPEG with EXIF orientation %i agrees with sharp', async (orientation) => {
    const jpg = await storedForOrientation(asymmetricRaw(), orientation)
    const meta = await sharp(jpg).metadata()
    expect(readImageHeader(jpg, 'jpeg')).toEqual({ width: meta.width, height: meta.height, orientation })
  })

  it('reads JPEG without EXIF, PNG IHDR, and declines what it does not know', async () => {
    const jpg = await faceJpeg(1, 123, 77)
    expect(readImageHeader(jpg, 'jpeg')).toEqual({ width: 123, height: 77, orientation: 1 })
    const progressive = await sharp(jpg).jpeg({ progressive: true }).toBuffer()
    expect(readImageHeader(progressive, 'jpeg')).toEqual({ width: 123, height: 77, orientation: 1 })
    expect(readImageHeader(pngDeclaringDimensions(10_000, 9_000), 'png')).toEqual({
      width: 10_000,
      height: 9_000,
      orientation: 1,
    })
    const pngWithExif = await sharp(jpg).withMetadata({ orientation: 6 }).png().toBuffer()
    expect(readImageHeader(pngWithExif, 'png')).toBeNull()
    expect(readImageHeader(jpg.subarray(0, 10), 'jpeg')).toBeNull()
    expect(readImageHeader(jpg, 'gif')).toBeNull()
  })
})
