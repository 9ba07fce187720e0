import { describe, expect, it } from 'vitest'
import { MediaService } from './media-service'

describe('MediaService', () => {
  const media = new MediaService()
  media.register('thumb', (id) => (id === 7 ? { path: '/data/thumbs/7.png', contentType: 'image/png' } : undefined))

  it('resolves an opaque id through its kind', () => {
    expect(media.resolve('thumb-7')).toEqual({ path: '/data/thumbs/7.png', contentType: 'image/png' })
    expect(media.resolve('thumb-8')).toBeUndefined()
  })

  it.each([
    '../thumb-7',
    'thumb-7/..',
    'thumb-07',
    'thumb-7.png',
    'thumb-%37',
    'sample-7',
    'thumb-',
    '',
    'THUMB-7',
    'thumb-7\0',
  ])('refuses %j', (id) => {
    expect(media.resolve(id)).toBeUndefined()
  })
})
