// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { StudioError } from '../../../src-shared/contract/errors'
import type { EpochSamples } from '../../../src-shared/contract/runs'
import { runDetail, runSummary } from '../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor, within } from '../../test-utils/render'
import { CompareGrids } from './CompareGrids/CompareGrids'
import { ComparePage } from './ComparePage'
import type { ComparedRun } from './useCompareData'

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
const samplesOf = (runId: number, epochs: number[]): EpochSamples[] =>
  epochs.map((epoch) => ({
    epoch,
    step: epoch * 3,
    cells: Array.from({ length: 64 }, (_, cell) => `sample-${runId * 1000 + epoch * 64 + cell + 1}`),
  }))
const compared = (id: number, seed: number, epochs: number[]): ComparedRun => ({
  detail: runDetail({ id, name: `Run ${id}`, seed }),
  history,
  samples: samplesOf(id, epochs),
  quality: [],
})

/** The epoch each run's grid shows, read from its first cell's media id. */
const shownEpochs = () =>
  screen.getAllByTestId('compare-grid').map((grid) => {
    const id = Number(/sample-(\d+)/.exec(grid.querySelector('img')!.getAttribute('src')!)![1])
    return Math.floor(((id - 1) % 1000) / 64)
  })

describe('CompareGrids', () => {
  it('moves every grid with one scrubber; a run that trained fewer epochs shows its last', async () => {
    render(<CompareGrids runs={[compared(1, 7, [0, 1, 2, 3]), compared(2, 7, [0, 1])]} />)
    expect(shownEpochs()).toEqual([3, 1])
    const scrubber = screen.getByRole('slider', { name: 'Epoch' })
    scrubber.focus()
    await userEvent.keyboard('{Home}')
    expect(shownEpochs()).toEqual([0, 0])
    await userEvent.keyboard('{ArrowRight}')
    expect(shownEpochs()).toEqual([1, 1])
    await userEvent.keyboard('{ArrowRight}')
    expect(shownEpochs()).toEqual([2, 1])
    expect(screen.getByText('Epoch 2')).toBeTruthy()
  })

  it('says when the runs share a seed, so that the same cell is the same latent vector', () => {
    render(<CompareGrids runs={[compared(1, 7, [0]), compared(2, 7, [0])]} />)
    expect(screen.getByTestId('same-seed').textContent).toContain('seed 7')
  })

  it('does not claim shared noise for different seeds', () => {
    render(<CompareGrids runs={[compared(1, 7, [0]), compared(2, 8, [0])]} />)
    expect(screen.queryByTestId('same-seed')).toBeNull()
  })
})

describe('ComparePage', () => {
  it('needs two runs to compare', async () => {
    fakeStudio.answer('runs.list', [runSummary()])
    render(<ComparePage />)
    expect(screen.getByRole('status').textContent).toContain('Loading runs…')
    expect(await screen.findByRole('heading', { name: 'Nothing to compare yet' })).toBeTruthy()
    // the page keeps its title, and leads where runs are made, as Latent and Export do
    expect(screen.getByRole('heading', { level: 2, name: 'Compare' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Go to runs' }).getAttribute('href')).toBe('#/runs')
  })

  it('says what failed to load, and loads again on request', async () => {
    let attempts = 0
    fakeStudio.handle('runs.list', () => {
      if (++attempts === 1) throw new StudioError('UNAVAILABLE', 'The studio database is busy.')
      return [runSummary()]
    })
    render(<ComparePage />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not load the runs')
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Nothing to compare yet' })).toBeTruthy())
  })

  it('says which run could not be read for comparing', async () => {
    fakeStudio.answer('runs.list', [runSummary({ id: 2, name: 'Second' }), runSummary({ id: 1 })])
    fakeStudio.handle('runs.get', ({ runId }) => {
      throw new StudioError('NOT_FOUND', `There is no run ${runId}.`)
    })
    fakeStudio.answer('runs.history', history)
    fakeStudio.answer('runs.samples', [])
    fakeStudio.answer('runs.quality', [])
    render(<ComparePage />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not load the runs to compare')
    expect(alert.textContent).toMatch(/There is no run [12]\./)
  })
})
