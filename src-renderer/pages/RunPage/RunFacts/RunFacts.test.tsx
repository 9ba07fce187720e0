// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { runDetail } from '../../../test-utils/fixtures'
import { render, screen } from '../../../test-utils/render'
import { RunFacts } from './RunFacts'

describe('RunFacts', () => {
  it('says when the dataset has changed since the run started, and that the run keeps its own images', () => {
    render(<RunFacts run={runDetail({ imageCount: 60, datasetChanged: true })} />)
    expect(screen.getByText('60')).toBeTruthy()
    expect(screen.getByText(/dataset has changed since this run started; the run keeps training on the images it started with/)).toBeTruthy()
  })

  it('says nothing about it while the dataset is as the run started', () => {
    render(<RunFacts run={runDetail()} />)
    expect(screen.queryByText(/dataset has changed/)).toBeNull()
  })
})
