import { describe, expect, expectTypeOf, it } from 'vitest'
import type { RejectionCode as ContractRejectionCode } from '../../../src-shared/contract/datasets'
import { REJECTION_CODES, type RejectionCode } from './rejection'
import { sniffFormat } from './sniff-format'
import { heicHeader } from './test-fixtures'

const b = (...xs: (number | string)[]): Uint8Array =>
  Buffer.concat(xs.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : Buffer.from([x]))))

describe('sniffFormat (content, never extension)', () => {
  it.each<[string, Uint8Array, unknown]>([
    ['jpeg', b(0xff, 0xd8, 0xff, 0xe0), { kind: 'raster', format: 'jpeg' }],
    ['png', b(0x89, 'PNG\r\n', 0x1a, '\n'), { kind: 'raster', format: 'png' }],
    ['gif', b('GIF89a'), { kind: 'raster', format: 'gif' }],
    ['webp', b('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), { kind: 'raster', format: 'webp' }],
    ['tiff', b('II*', 0), { kind: 'raster', format: 'tiff' }],
    ['avif', b(0, 0, 0, 0x1c, 'ftypavif', 0, 0, 0, 0, 'mif1miafavif'), { kind: 'raster', format: 'avif' }],
    ['heic', heicHeader(), { kind: 'unsupported', format: 'HEIC (HEVC-compressed HEIF)' }],
    [
      'svg with BOM',
      Buffer.from('\uFEFF  <?xml version="1.0"?>\n<!-- c -->\n<svg xmlns="x">', 'utf8'),
      { kind: 'svg' },
    ],
    ['svg bare', b('<svg width="1">'), { kind: 'svg' }],
    ['bmp', b('BM', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40, 0, 0, 0), { kind: 'unsupported', format: 'BMP' }],
    ['zip', b('PK', 3, 4, 'xxxx'), { kind: 'not-image', what: 'a ZIP archive' }],
    ['pdf', b('%PDF-1.7'), { kind: 'not-image', what: 'a PDF document' }],
    ['text', b('hello, world\n'), { kind: 'not-image', what: 'a text file' }],
    ['html', b('<html><body>hi</body></html>'), { kind: 'not-image', what: 'a text file' }],
    ['empty', b(), { kind: 'empty' }],
  ])('%s', (_name, bytes, expected) => {
    expect(sniffFormat(bytes)).toEqual(expected)
  })
})

describe('rejection codes', () => {
  it('match the IPC contract exactly', () => {
    expectTypeOf<RejectionCode>().toEqualTypeOf<ContractRejectionCode>()
    expect(new Set(REJECTION_CODES).size).toBe(REJECTION_CODES.length)
  })
})
