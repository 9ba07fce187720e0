import type { Migration } from '../migration'

/** Where each image's square crop is centred (fractions of the upright photo); NULL is the centre. */
export const imageCrop: Migration = {
  version: 4,
  name: 'image-crop',
  up(db) {
    db.exec(`
      ALTER TABLE images ADD COLUMN crop_x REAL CHECK (crop_x BETWEEN 0 AND 1);
      ALTER TABLE images ADD COLUMN crop_y REAL CHECK (crop_y BETWEEN 0 AND 1);
    `)
  },
}
