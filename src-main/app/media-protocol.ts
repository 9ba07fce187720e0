import { net, protocol } from 'electron'
import { pathToFileURL } from 'node:url'
import { MEDIA_SCHEME } from '../contract/wire'
import type { MediaService } from '../services/media-service'
import { mediaFileForUrl } from './media-request'

/** Must run before the app is ready. */
export function registerMediaScheme() {
  protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/** studio-media://media/<opaque id>: the only way the window sees a file, and never by path. */
export function serveMediaProtocol(media: MediaService) {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const file = mediaFileForUrl(media, request.url)
    if (!file) return new Response('Not found', { status: 404 })
    const response = await net.fetch(pathToFileURL(file.path).href)
    return new Response(response.body, { headers: { 'content-type': file.contentType } })
  })
}
