import { describe, expect, it } from 'vitest'
import type { FolderGrant } from '../src-shared/contract/datasets'
import type { Reply } from '../src-shared/contract/errors'
import { createGrantDropped } from './grant-dropped'
import type { Transport } from '../src-shared/studio-client/studio-api'

/** Files as the page hands them over, with where webUtils would say each lives ('' for one not on disk). */
function droppedFiles(entries: Record<string, string>): { files: File[]; pathForFile: (file: File) => string } {
  const paths = new Map<File, string>()
  const files = Object.entries(entries).map(([name, path]) => {
    const file = new File(['x'], name)
    paths.set(file, path)
    return file
  })
  return { files, pathForFile: (file) => paths.get(file) ?? '' }
}

function recordingTransport(reply: Reply<FolderGrant>) {
  const calls: { channel: string; args: unknown }[] = []
  const invoke: Transport['invoke'] = async (channel, args) => {
    calls.push({ channel, args })
    return reply
  }
  return { calls, invoke }
}

const granted: Reply<FolderGrant> = {
  ok: true,
  value: { grantId: 'grant-1', label: '2 files from Pictures', kind: 'files' },
}

describe('granting what was dropped (preload)', () => {
  it('sends the path of every dropped item to main in one call and hands the page only its reply', async () => {
    const { files, pathForFile } = droppedFiles({
      'a.jpg': '/home/me/Pictures/a.jpg',
      'b.jpg': '/home/me/Pictures/b.jpg',
    })
    const transport = recordingTransport(granted)
    const reply = await createGrantDropped(pathForFile, transport.invoke)(files)
    expect(transport.calls).toEqual([
      { channel: 'folders.grantDropped', args: { paths: ['/home/me/Pictures/a.jpg', '/home/me/Pictures/b.jpg'] } },
    ])
    expect(reply).toBe(granted)
  })

  it('passes main’s refusal on unchanged', async () => {
    const { files, pathForFile } = droppedFiles({ 'gone.jpg': '/home/me/gone.jpg' })
    const refusal: Reply<FolderGrant> = {
      ok: false,
      error: { code: 'NOT_FOUND', message: '"gone.jpg" is no longer there: drop it again from where it is now.' },
    }
    expect(await createGrantDropped(pathForFile, recordingTransport(refusal).invoke)(files)).toBe(refusal)
  })

  it('refuses, without asking main, a drop holding an item that is not a file on this computer, naming it', async () => {
    const { files, pathForFile } = droppedFiles({ 'a.jpg': '/home/me/a.jpg', 'from-a-web-page.png': '' })
    const transport = recordingTransport(granted)
    expect(await createGrantDropped(pathForFile, transport.invoke)(files)).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message:
          '"from-a-web-page.png" is not a file on this computer: drop photo files or a folder from your file manager.',
      },
    })
    expect(transport.calls).toEqual([])
  })

  it('refuses an empty drop without asking main', async () => {
    const transport = recordingTransport(granted)
    const reply = await createGrantDropped(() => '/never', transport.invoke)([])
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/^Nothing was dropped/) },
    })
    expect(transport.calls).toEqual([])
  })
})
