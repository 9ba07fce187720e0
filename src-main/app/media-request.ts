/**
 * The studio-media:// scheme without Electron: its privileges and how one request is answered. The app's window is a
 * file:// page, so every fetch of a media URL (the latent studio's model, weights and wasm, the GIFs saved from the
 * Run page) is cross-origin: Electron lets those through only for a scheme registered with `corsEnabled`.
 */
import { readFile } from 'node:fs/promises'
import { MEDIA_HOST } from '../../src-shared/contract/wire'
import type { MediaService } from '../services/media-service'

export const MEDIA_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
} as const

/** studio-media://media/<opaque id> → that file, with its content type (wasm must be application/wasm to stream). */
export async function mediaResponse(media: MediaService, requestUrl: string): Promise<Response> {
  let url: URL
  let id: string
  try {
    url = new URL(requestUrl)
    id = decodeURIComponent(url.pathname.replace(/^\//, ''))
  } catch {
    return notFound()
  }
  const file = url.hostname === MEDIA_HOST ? media.resolve(id) : undefined
  if (!file) return notFound()
  let body: Buffer
  try {
    body = await readFile(file.path)
  } catch {
    // a media id whose file went away (a pruned checkpoint's cache, a deleted run)
    return notFound()
  }
  return new Response(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), {
    headers: { 'content-type': file.contentType, 'content-length': String(body.byteLength) },
  })
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } })
}
