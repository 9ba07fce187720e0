import { createReadStream } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { join, relative, sep } from 'node:path'
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate'

/** A finished export the browser may take home: one file, or a folder sent as a zip. */
export interface Download {
  path: string
  /** the name the browser saves it under (a folder's gets `.zip`) */
  name: string
  kind: 'file' | 'folder'
}

const STORED = /\.(png|gif|zip|jpe?g)$/i

/** Sends a file as an attachment, or streams a folder as a zip built as it is read (no temporary file). */
export async function sendDownload(response: ServerResponse, download: Download): Promise<void> {
  if (download.kind === 'file') {
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-disposition': attachment(download.name),
      'cache-control': 'no-store',
    })
    createReadStream(download.path)
      .on('error', () => response.destroy())
      .pipe(response)
    return
  }
  const files = await listFiles(download.path)
  response.writeHead(200, {
    'content-type': 'application/zip',
    'content-disposition': attachment(`${download.name}.zip`),
    'cache-control': 'no-store',
  })
  const zip = new Zip((error, chunk, final) => {
    if (error) return response.destroy(error)
    response.write(chunk)
    if (final) response.end()
  })
  for (const file of files) {
    const name = relative(download.path, file).split(sep).join('/')
    // PNGs and GIFs are compressed already: deflating them again costs time and saves nothing
    const entry = STORED.test(name) ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 })
    zip.add(entry)
    entry.push(await readFile(file), true)
  }
  zip.end()
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}
