// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { StudioError } from '../../../../src-shared/contract/errors'
import type { PreflightEstimate as Estimate } from '../../../../src-shared/contract/runs'
import { fakeStudio, render, screen, waitFor } from '../../../test-utils/render'
import { PreflightEstimate, type PlannedRun } from './PreflightEstimate'

const FACES = 48
const plan = (batchSize: number, epochs = 10): PlannedRun => ({
  datasetId: 1,
  preset: 'quick',
  epochs,
  hyperparameters: { batchSize },
})

/** Answers like main would for a 48-image dataset at 250 ms a step; `hold` keeps answers back until released. */
function answerEstimates() {
  const held: (() => void)[] = []
  let holding = false
  fakeStudio.handle('runs.preflight', (request) => {
    const stepsPerEpoch = FACES / request.hyperparameters!.batchSize!
    const estimate: Estimate = {
      backend: 'wasm',
      device: 'WebAssembly SIMD',
      msPerStep: 250,
      stepsPerEpoch,
      epochEndSeconds: 0,
      secondsPerEpoch: stepsPerEpoch * 0.25,
      startupSeconds: 0,
      totalSeconds: stepsPerEpoch * 0.25 * request.epochs,
      peakMemoryBytes: 160 * 2 ** 20,
      diskBytes: 3 * 2 ** 20,
    }
    return holding ? new Promise<Estimate>((resolve) => held.push(() => resolve(estimate))) : estimate
  })
  return {
    hold: () => (holding = true),
    release: () => held.splice(0).forEach((resolve) => resolve()),
  }
}

describe('PreflightEstimate', () => {
  it('asks for nothing until there is a plan', () => {
    render(<PreflightEstimate plan={null} />)
    expect(screen.getByTestId('preflight').textContent).toContain('Pick a dataset')
    expect(fakeStudio.callsOf('runs.preflight')).toEqual([])
  })

  it('shows time per epoch and in total, peak memory and disk for the plan', async () => {
    answerEstimates()
    render(<PreflightEstimate plan={plan(16)} />)
    expect(screen.getByTestId('preflight').getAttribute('aria-busy')).toBe('true')
    expect(screen.getByText('Timing a few real training steps…')).toBeTruthy()
    const figures = await screen.findByTestId('preflight-figures')
    expect(figures.textContent).toContain('3 steps × 250 ms')
    expect(figures.textContent).toContain('8 s')
    expect(figures.textContent).toContain('10 epochs')
    expect(figures.textContent).toContain('160.0 MB')
    expect(figures.textContent).toContain('3.0 MB')
    expect(screen.getByTestId('preflight').getAttribute('aria-busy')).toBe('false')
  })

  it('re-estimates once typing settles, keeping the previous figures dimmed meanwhile', async () => {
    const answers = answerEstimates()
    const { rerender } = render(<PreflightEstimate plan={plan(16)} />)
    await screen.findByTestId('preflight-figures')
    answers.hold()
    rerender(<PreflightEstimate plan={plan(12)} />)
    rerender(<PreflightEstimate plan={plan(8)} />)
    expect(screen.getByTestId('preflight').getAttribute('aria-busy')).toBe('true')
    expect(screen.getByTestId('preflight-figures').style.opacity).toBe('0.5')
    expect(screen.getByTestId('preflight-figures').textContent).toContain('3 steps')
    await waitFor(() => expect(fakeStudio.callsOf('runs.preflight')).toHaveLength(2), { timeout: 3000 })
    expect(fakeStudio.callsOf('runs.preflight').map((request) => request.hyperparameters?.batchSize)).toEqual([16, 8])
    answers.release()
    await waitFor(() => expect(screen.getByTestId('preflight-figures').textContent).toContain('6 steps × 250 ms'))
    expect(screen.getByTestId('preflight').getAttribute('aria-busy')).toBe('false')
  })

  it('says why there is no estimate when the settings cannot train', async () => {
    fakeStudio.handle('runs.preflight', () => {
      throw new StudioError('VALIDATION', 'batch size 64 is larger than the dataset (48 images)')
    })
    render(<PreflightEstimate plan={plan(64)} />)
    expect((await screen.findByRole('alert')).textContent).toContain(
      'batch size 64 is larger than the dataset (48 images)',
    )
    expect(screen.queryByTestId('preflight-figures')).toBeNull()
  })
})
