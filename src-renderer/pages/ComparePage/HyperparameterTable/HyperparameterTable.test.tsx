// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { runDetail } from '../../../test-utils/fixtures'
import { render, screen, userEvent, within } from '../../../test-utils/render'
import type { ComparedRun } from '../useCompareData'
import { HyperparameterTable } from './HyperparameterTable'

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
const compared = (id: number, batchSize: number): ComparedRun => {
  const detail = runDetail({ id, name: `Run ${id}` })
  return { detail: { ...detail, config: { ...detail.config, batchSize } }, history, samples: [], quality: [] }
}

const rowNamed = (key: string) =>
  screen.getAllByRole('row').find((row) => within(row).queryAllByRole('cell')[0]?.textContent === key)

describe('HyperparameterTable', () => {
  it('highlights the settings that differ, with each run’s value, and only those', () => {
    render(<HyperparameterTable runs={[compared(2, 8), compared(1, 16)]} />)
    const differing = screen.getAllByTestId('differs')
    expect(differing).toHaveLength(1)
    expect(
      within(differing[0]!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['batchSize', '8', '16'])
    expect(rowNamed('zDim')!.getAttribute('data-testid')).toBeNull()
    expect(screen.getByText('1 differ')).toBeTruthy()
  })

  it("shows D's learning rate, as G's for a run that never set its own", () => {
    const own = compared(3, 16)
    own.detail = {
      ...own.detail,
      config: { ...own.detail.config, optimizer: { kind: 'adam', lr: 0.0002, dLr: 0.0004 } },
      hyperparameters: { learningRate: 0.0002, dLearningRate: 0.0004 },
    }
    render(<HyperparameterTable runs={[own, compared(1, 16)]} />)
    expect(
      within(rowNamed('optimizer.dLr')!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['optimizer.dLr', '0.0004', '0.0002'])
  })

  it('shows what each run changed when it was resumed, from which step', () => {
    const resumed = compared(3, 16)
    resumed.detail = {
      ...resumed.detail,
      segments: [
        { fromStep: 300, changes: { learningRate: 0.0001, dLearningRate: 0.0001 } },
        { fromStep: 1200, changes: { dLearningRate: 0.00005 } },
      ],
    }
    render(<HyperparameterTable runs={[resumed, compared(1, 16)]} />)
    const row = rowNamed('changed when resumed')!
    expect(row.getAttribute('data-testid')).toBe('differs')
    expect(
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual([
      'changed when resumed',
      'from step 300: learning rate 0.0001, D learning rate 0.0001; from step 1,200: D learning rate 0.00005',
      '—',
    ])
  })

  it('can hide the settings they share', async () => {
    render(<HyperparameterTable runs={[compared(2, 8), compared(1, 16)]} />)
    expect(rowNamed('zDim')).toBeDefined()
    await userEvent.click(screen.getByRole('switch', { name: 'Only what differs' }))
    expect(rowNamed('zDim')).toBeUndefined()
    expect(rowNamed('batchSize')).toBeDefined()
  })
})
