// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { datasetDetail } from '../../../test-utils/fixtures'
import { render, screen } from '../../../test-utils/render'
import { DatasetStats } from './DatasetStats'

const statText = (label: string) => screen.getByText(label, { selector: 'p' }).parentElement!.textContent

describe('DatasetStats', () => {
  it('counts imported, excluded, rejected by reason (most first), duplicates, and says colour or grayscale and the sizes', () => {
    render(
      <DatasetStats
        dataset={datasetDetail({
          imageCount: 1200,
          excludedCount: 3,
          rejectedCount: 5,
          rejectedByCode: { 'too-small': 1, 'not-an-image': 4 },
          duplicateCount: 2,
          nearDuplicateCount: 6,
          channels: 1,
          sizes: [64, 32],
        })}
      />,
    )
    expect(statText('Imported')).toBe('Imported1200' + '1,197 used for training')
    expect(statText('Excluded')).toBe('Excluded3left out by you')
    expect(statText('Rejected')).toBe('Rejected54 not an image1 too small')
    expect(statText('Duplicates')).toBe('Duplicates2identical to another image')
    expect(statText('Near-duplicates')).toBe('Near-duplicates6almost identical to another')
    expect(statText('Images')).toBe('ImagesGrayscale1 channel · 32 · 64 px')
  })

  it('counts the duplicates left out at import apart from the photos the user excluded, and not in the training count', () => {
    render(
      <DatasetStats
        dataset={datasetDetail({
          imageCount: 12,
          duplicateCount: 2,
          nearDuplicateCount: 1,
          excludedCount: 4,
          excludedCopyCount: 3,
        })}
      />,
    )
    expect(statText('Imported')).toBe('Imported12' + '8 used for training')
    expect(statText('Excluded')).toBe('Excluded4' + '3 as copies, 1 by you')
  })

  it('says every file was readable when none was rejected', () => {
    render(<DatasetStats dataset={datasetDetail({ rejectedCount: 0, rejectedByCode: {} })} />)
    expect(statText('Rejected')).toBe('Rejected0every file was readable')
    expect(statText('Images')).toBe('ImagesColour3 channels · 32 · 64 px')
  })
})
