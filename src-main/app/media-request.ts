import type { MediaFile, MediaService } from '../services/media-service'

/**
 * The file a `studio-media://media/<opaque id>` request may read, or undefined: another host, a path with more
 * than the id, or an id that is not exactly `<kind>-<number>` (so `..`, `%2e%2e`, `%2f` and bad escapes are refused).
 */
export function mediaFileForUrl(media: MediaService, requestUrl: string): MediaFile | undefined {
  let url: URL
  let id: string
  try {
    url = new URL(requestUrl)
    id = decodeURIComponent(url.pathname.replace(/^\//, ''))
  } catch {
    return undefined
  }
  return url.hostname === 'media' ? media.resolve(id) : undefined
}
