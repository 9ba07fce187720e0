// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { runDetail } from '../../../test-utils/fixtures'
import { render, screen } from '../../../test-utils/render'
import { RunFacts } from './RunFacts'

describe('RunFacts', () => {
  it('says when the dataset has changed since the run started, and that the run keeps its own images', () => {
    render(<RunFacts run={runDetail({ imageCount: 60, datasetChanged: true })} />)
    expect(screen.getByText('60')).toBeTruthy()
    expect(
      screen.getByText(
        /dataset has changed since this run started; the run keeps training on the images it started with/,
      ),
    ).toBeTruthy()
  })

  it('shows what changed at each resume beside what the run started with', () => {
    render(
      <RunFacts
        run={runDetail({
          segments: [
            { fromStep: 6, changes: { learningRate: 0.0001 } },
            { fromStep: 30, changes: { learningRate: 0.00005 } },
          ],
        })}
      />,
    )
    expect(screen.getByText('Changed when resumed')).toBeTruthy()
    expect(screen.getByText('From step 6: learning rate 0.0001')).toBeTruthy()
    expect(screen.getByText('From step 30: learning rate 0.00005')).toBeTruthy()
  })

  it('says nothing about it while the dataset is as the run started', () => {
    render(<RunFacts run={runDetail()} />)
    expect(screen.queryByText(/dataset has changed/)).toBeNull()
  })
})
