// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { legendValues } from '../../../test-utils/canvas-stub'
import { runDetail, runSummary } from '../../../test-utils/fixtures'
import { act } from '@testing-library/react'
import { fakeStudio, render, screen, waitFor } from '../../../test-utils/render'
import { QualityPlot } from './QualityPlot'

const scored = [
  { epoch: 1, step: 14, swd: 80.5 },
  { epoch: 2, step: 28, swd: 41.26 },
  { epoch: 4, step: 56, swd: 47 },
]

describe('QualityPlot', () => {
  it('plots SWD by epoch, says lower is better, and marks the best epoch on the chart and in words', async () => {
    fakeStudio.answer('runs.quality', scored)
    render(<QualityPlot run={runDetail({ id: 3, bestEpoch: 2, bestSwd: 41.26, swd: 47 })} />)
    expect(screen.getByText(/lower is better/)).toBeTruthy()
    expect((await screen.findByTestId('best-epoch')).textContent).toBe('●Best: epoch 2, SWD 41.3')
    await waitFor(() =>
      expect(legendValues(document.querySelector('.u-legend')!)).toEqual({
        epoch: '4',
        SWD: '47.0',
        'Best epoch': '41.3',
      }),
    )
    expect(fakeStudio.callsOf('runs.quality')).toEqual([{ runId: 3 }])
  })

  it('says when no epoch has been scored yet, and reads the scores again when the run changes', async () => {
    fakeStudio.answer('runs.quality', [])
    render(<QualityPlot run={runDetail({ id: 3 })} />)
    expect(await screen.findByText(/No epoch scored yet/)).toBeTruthy()
    expect(screen.queryByTestId('best-epoch')).toBeNull()
    expect(screen.queryByTestId('swd-chart')).toBeNull()

    fakeStudio.answer('runs.quality', scored.slice(0, 1))
    act(() => fakeStudio.emit('runs.changed', runSummary({ id: 3, swd: 80.5 })))
    await waitFor(() => expect(screen.getByTestId('swd-chart')).toBeTruthy())
    await waitFor(() => expect(legendValues(document.querySelector('.u-legend')!)).toEqual({ epoch: '1', SWD: '80.5' }))
  })
})
