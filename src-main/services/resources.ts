import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The app's own files: resources/ at the repository root (sample faces, icon). This module is
 * src-main/services/resources.ts from source (tests, tsx), and is bundled into out/main/*.js or
 * out/main/chunks/*.js in the build: resources/ is two folders up from the first two, three from a chunk.
 */
export function resourcesDir(): string {
  const here = import.meta.url
  return fileURLToPath(new URL(here.includes('/chunks/') ? '../../../resources/' : '../../resources/', here))
}

/** The shipped Caltech sample faces (see their NOTICE). */
export const sampleFacesDir = (): string => join(resourcesDir(), 'sample-faces')
