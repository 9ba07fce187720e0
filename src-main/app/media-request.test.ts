import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mediaSchemeUrl } from '../../src-shared/contract/wire'
import { MediaService } from '../services/media-service'
import { MEDIA_SCHEME_PRIVILEGES, mediaResponse } from './media-request'

const dir = mkdtempSync(join(tmpdir(), 'media-request-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const weights = join(dir, 'generator.weights.bin')
writeFileSync(
  weights,
  Uint8Array.from({ length: 3000 }, (_, index) => index % 251),
)
const wasmFile = createRequire(import.meta.url).resolve(
  '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
)

// Node has WebAssembly at run time; this project's Node-side lib has no declaration of it.
const { WebAssembly: wasm } = globalThis as unknown as {
  WebAssembly: {
    compileStreaming(source: Promise<Response>): Promise<object>
    Module: { exports(module: object): unknown[] }
  }
}

const media = new MediaService()
media.register('latentweights', (id) =>
  id === 3 ? { path: weights, contentType: 'application/octet-stream' } : undefined,
)
media.register('latentmodel', (id) =>
  id === 3 ? { path: join(dir, 'pruned', 'model.json'), contentType: 'application/json' } : undefined,
)
media.register('tfjswasm', (id) => (id === 2 ? { path: wasmFile, contentType: 'application/wasm' } : undefined))

describe('studio-media:// requests', () => {
  it('is registered so that the file:// window may fetch it cross-origin', () => {
    expect(MEDIA_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: true })
  })

  it("answers the preload's media URL with the file's bytes and content type", async () => {
    const response = await mediaResponse(media, mediaSchemeUrl('latentweights-3'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(readFileSync(weights)))
  })

  it('serves the wasm runtime so that it compiles streaming, as the tfjs wasm backend loads it', async () => {
    const module = await wasm.compileStreaming(mediaResponse(media, mediaSchemeUrl('tfjswasm-2')))
    expect(wasm.Module.exports(module).length).toBeGreaterThan(0)
  })

  it.each([
    ['an unknown id', mediaSchemeUrl('latentweights-4')],
    ['an id that is not one', 'studio-media://media/..%2F..%2Fetc%2Fpasswd'],
    ['another host', 'studio-media://files/latentweights-3'],
    ['broken escaping', 'studio-media://media/latentweights-%E0%A4%A'],
    ["a file that went away (a pruned checkpoint's cache)", mediaSchemeUrl('latentmodel-3')],
    ...[
      'studio-media://media/../../studio.sqlite',
      'studio-media://media/%2e%2e/%2e%2e/studio.sqlite',
      'studio-media://media/%252e%252e%252fstudio.sqlite',
      'studio-media://media/latentweights-3%2f..%2f..%2fstudio.sqlite',
      'studio-media://media/latentweights-3/extra',
      'studio-media://media/%2Fdata%2Fweights.bin',
      'studio-media://media/latentweights-3%00',
      'not a url',
    ].map((url) => ['a traversal or malformed request', url]),
  ])('answers 404 for %s', async (_case, url) => {
    const response = await mediaResponse(media, url)
    expect(response.status).toBe(404)
  })
})

describe("the renderer's content security policy", () => {
  const html = readFileSync(new URL('../../src-renderer/index.html', import.meta.url), 'utf8')
  const policy = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1]!
  const directives = new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/)
      return [name!, sources] as const
    }),
  )

  it('lets the wasm backend compile its binary, without allowing eval', () => {
    expect(directives.get('script-src')).toContain("'wasm-unsafe-eval'")
    expect(policy).not.toContain("'unsafe-eval'")
  })

  it('lets the page fetch and show studio-media:// files', () => {
    expect(directives.get('connect-src')).toContain('studio-media:')
    expect(directives.get('img-src')).toContain('studio-media:')
  })
})
