/** Files the UI may display, addressed by opaque ids such as `thumb-12`: never by path. */
export interface MediaFile {
  path: string
  contentType: string
}

const MEDIA_ID = /^([a-z]+)-([1-9][0-9]{0,15})$/

export type MediaLookup = (id: number) => MediaFile | undefined

export class MediaService {
  readonly #lookups = new Map<string, MediaLookup>()

  register(kind: string, lookup: MediaLookup): void {
    this.#lookups.set(kind, lookup)
  }

  /** Resolves an opaque id; anything that is not exactly `<kind>-<number>` is refused. */
  resolve(mediaId: string): MediaFile | undefined {
    const match = MEDIA_ID.exec(mediaId)
    if (!match) return undefined
    const lookup = this.#lookups.get(match[1]!)
    return lookup?.(Number(match[2]))
  }
}
