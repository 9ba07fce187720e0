import type { DatasetImage } from '../../../src-shared/contract/datasets'
import { studio } from '../../studio'

/** A thumbnail's address; the crop is part of it so a moved crop is fetched again, not served from cache. */
export function thumbnailUrl(image: Pick<DatasetImage, 'mediaId' | 'crop'>): string {
  return `${studio.mediaUrl(image.mediaId)}?crop=${image.crop.x.toFixed(4)},${image.crop.y.toFixed(4)}`
}
