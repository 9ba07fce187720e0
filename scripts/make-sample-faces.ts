/**
 * Makes resources/sample-faces/: 64 photos spread evenly over the Caltech 101 "Faces_easy" set, shrunk to
 * SIZE px on the longer side, with the attribution its licence asks for. The photos are committed; this
 * script only shows how they were made.
 *
 *   npx tsx scripts/make-sample-faces.ts [source folder, default ../shared/datasets/caltech-faces]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import sharp from 'sharp'

const SOURCE = resolve(process.argv[2] ?? join(import.meta.dirname, '../../shared/datasets/caltech-faces'))
const TARGET = join(import.meta.dirname, '../resources/sample-faces')
const COUNT = 64
const SIZE = 160
const QUALITY = 85

if (!existsSync(join(SOURCE, 'NOTICE'))) {
  console.error(`No Caltech faces (with their NOTICE) at ${SOURCE}: pass the folder as the first argument.`)
  process.exit(1)
}

const all = readdirSync(SOURCE)
  .filter((file) => file.endsWith('.jpg'))
  .sort()
const photos = Array.from({ length: COUNT }, (_, index) => all[Math.floor((index * all.length) / COUNT)]!)

rmSync(TARGET, { recursive: true, force: true })
mkdirSync(TARGET, { recursive: true })
for (const file of photos) {
  await sharp(join(SOURCE, file))
    .resize(SIZE, SIZE, { fit: 'inside' })
    .jpeg({ quality: QUALITY, mozjpeg: true })
    .toFile(join(TARGET, file))
}

const notice = readFileSync(join(SOURCE, 'NOTICE'), 'utf8').trimEnd()
writeFileSync(
  join(TARGET, 'NOTICE'),
  `${notice}\n\nThis folder: ${photos.length} of those photographs (spread evenly over the set, original file names kept), resized to at most ` +
    `${SIZE} px on the longer side and re-encoded as JPEG (quality ${QUALITY}) by scripts/make-sample-faces.ts. ` +
    'Licence: Creative Commons Attribution 4.0 International (CC BY 4.0), https://creativecommons.org/licenses/by/4.0/\n',
)
console.log(`${photos.length} faces in ${TARGET}`)
