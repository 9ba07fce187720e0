/**
 * JPEG data lost half-way (zeroed by an interrupted copy or download, or never written) often decodes
 * without a single libjpeg warning: the decoder reads the zeros as valid codes and repeats the last
 * colour, so every row below the loss is one flat colour. A picture whose lower quarter or more (but not
 * all of it) is exactly one colour, edge to edge, is taken for such a file. Black and white are left alone: those are the
 * letterbox bars and scan margins of intact images.
 */

/** Rows whose channels vary by more than this are not flat (decoded JPEG noise is a unit or two). */
const FLAT_SPREAD = 2
/** The flat band must reach this fraction of the height, from the bottom up. */
const MIN_FLAT_FRACTION = 1 / 4
const NEAR_BLACK = 16
const NEAR_WHITE = 239

/** Why the decoded RGB image looks cut off half-way, or undefined when it does not. */
export function lostRowsDetail(rgb: Uint8Array, width: number, height: number): string | undefined {
  if (width === 0 || height === 0) return undefined
  const last = (height - 1) * width * 3
  const colour = [rgb[last]!, rgb[last + 1]!, rgb[last + 2]!]
  if (colour.every((value) => value <= NEAR_BLACK) || colour.every((value) => value >= NEAR_WHITE)) return undefined
  let flatRows = 0
  for (let y = height - 1; y >= 0 && rowIsFlat(rgb, y * width * 3, width, colour); y--) flatRows++
  // an image flat from top to bottom is a plain colour, not a picture cut off
  if (flatRows < height * MIN_FLAT_FRACTION || flatRows === height) return undefined
  return `Its lower ${Math.round((100 * flatRows) / height)}% is one flat colour: the image data was lost part-way (an interrupted copy or download?).`
}

function rowIsFlat(rgb: Uint8Array, start: number, width: number, colour: number[]): boolean {
  for (let i = start, end = start + width * 3; i < end; i += 3) {
    for (let c = 0; c < 3; c++) if (Math.abs(rgb[i + c]! - colour[c]!) > FLAT_SPREAD) return false
  }
  return true
}
