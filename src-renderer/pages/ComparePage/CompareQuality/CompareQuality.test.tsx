// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { legendValues } from '../../../test-utils/canvas-stub'
import { runDetail } from '../../../test-utils/fixtures'
import { render, screen } from '../../../test-utils/render'
import type { ComparedRun } from '../useCompareData'
import { CompareQuality } from './CompareQuality'

const history = {
  totalSteps: 0,
  downsampled: false,
  step: [],
  epoch: [],
  dLoss: [],
  gLoss: [],
  dReal: [],
  dFake: [],
  seconds: [],
}
const run = (id: number, swds: number[], best: { bestEpoch: number; bestSwd: number } | null): ComparedRun => ({
  detail: runDetail({ id, name: 'Faces', ...(best ?? {}) }),
  history,
  samples: [],
  quality: swds.map((swd, index) => ({ epoch: index + 1, step: (index + 1) * 10, swd })),
})

describe('CompareQuality', () => {
  it("overlays every run's SWD by epoch, each run's latest value in the legend, and names each run's best epoch", () => {
    render(
      <CompareQuality
        runs={[run(1, [90, 50, 60], { bestEpoch: 2, bestSwd: 50 }), run(2, [70, 40], { bestEpoch: 2, bestSwd: 40 })]}
      />,
    )
    expect(screen.getByText(/lower is better/)).toBeTruthy()
    expect(legendValues(document.querySelector('.u-legend')!)).toEqual({
      epoch: '3',
      '#1 Faces': '60.0',
      '#2 Faces': '40.0',
    })
    expect(screen.getByTestId('compare-best-epochs').textContent).toBe(
      'Best: #1 Faces at epoch 2 (SWD 50.0); #2 Faces at epoch 2 (SWD 40.0)',
    )
  })

  it('says so when no compared run has a scored epoch', () => {
    render(<CompareQuality runs={[run(1, [], null), run(2, [], null)]} />)
    expect(screen.getByText('None of these runs has a scored epoch yet.')).toBeTruthy()
    expect(screen.queryByTestId('swd-chart')).toBeNull()
  })
})
