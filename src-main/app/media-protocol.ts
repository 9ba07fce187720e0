import { protocol } from 'electron'
import { MEDIA_SCHEME } from '../../src-shared/contract/wire'
import type { MediaService } from '../services/media-service'
import { MEDIA_SCHEME_PRIVILEGES, mediaResponse } from './media-request'

/** Must run before the app is ready. */
export function registerMediaScheme() {
  protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: MEDIA_SCHEME_PRIVILEGES }])
}

/** studio-media://media/<opaque id>: the only way the window sees a file, and never by path. */
export function serveMediaProtocol(media: MediaService) {
  protocol.handle(MEDIA_SCHEME, (request) => mediaResponse(media, request.url))
}
