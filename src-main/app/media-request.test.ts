import { describe, expect, it } from 'vitest'
import { MediaService } from '../services/media-service'
import { mediaFileForUrl } from './media-request'

describe('studio-media:// requests', () => {
  const media = new MediaService()
  media.register('thumb', (id) => (id === 7 ? { path: '/data/thumbs/7.png', contentType: 'image/png' } : undefined))

  it('serve a file by its opaque id', () => {
    expect(mediaFileForUrl(media, 'studio-media://media/thumb-7')).toEqual({ path: '/data/thumbs/7.png', contentType: 'image/png' })
  })

  it.each([
    'studio-media://media/../../studio.sqlite',
    'studio-media://media/..%2f..%2fstudio.sqlite',
    'studio-media://media/%2e%2e/%2e%2e/studio.sqlite',
    'studio-media://media/%252e%252e%252fstudio.sqlite',
    'studio-media://media/thumb-7%2f..%2f..%2fstudio.sqlite',
    'studio-media://media/thumb-7/extra',
    'studio-media://media//data/thumbs/7.png',
    'studio-media://media/%2Fdata%2Fthumbs%2F7.png',
    'studio-media://media/thumb-%E0%A4%A',
    'studio-media://media/thumb-7%00',
    'studio-media://other/thumb-7',
    'studio-media://media/thumb-8',
    'not a url',
  ])('refuse %s', (url) => {
    expect(mediaFileForUrl(media, url)).toBeUndefined()
  })
})
