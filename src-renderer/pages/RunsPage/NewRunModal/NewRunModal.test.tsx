// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { StudioError } from '../../../../src-shared/contract/errors'
import { HYPERPARAMETER_FIELDS } from '../../../../src-shared/contract/hyperparameters'
import { datasetDetail, runSummary } from '../../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor } from '../../../test-utils/render'
import { NewRunModal } from './NewRunModal'

const {
  rejectedByCode: _rejectedByCode,
  cropUnavailable: _cropUnavailable,
  ...dataset
} = datasetDetail({ id: 3, rejectedCount: 0, coverMediaId: null })

function answerFormCalls() {
  fakeStudio.answer('datasets.list', [dataset])
  fakeStudio.handle('runs.preflight', () => {
    throw new StudioError('UNAVAILABLE', 'not measured in this test')
  })
}

describe('NewRunModal', () => {
  it('starts the run it describes (the only dataset picked, blank fields left to the preset), then opens its page', async () => {
    answerFormCalls()
    fakeStudio.answer('runs.create', runSummary({ id: 9, status: 'running' }))
    window.location.hash = '#/runs'
    let closed = false
    render(<NewRunModal opened onClose={() => (closed = true)} />)
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Dataset' }) as HTMLInputElement).value).toContain('Demo faces'),
    )
    await userEvent.clear(screen.getByRole('textbox', { name: 'Epochs' }))
    await userEvent.type(screen.getByRole('textbox', { name: 'Epochs' }), '25')
    await userEvent.type(screen.getByLabelText('Seed'), '7')
    await userEvent.type(screen.getByLabelText('Name'), '  Evening run  ')
    await userEvent.click(screen.getByRole('button', { name: 'Start training' }))
    await waitFor(() =>
      expect(fakeStudio.callsOf('runs.create')).toEqual([
        { name: 'Evening run', datasetId: 3, preset: 'compact-32', epochs: 25, seed: 7, hyperparameters: {} },
      ]),
    )
    await waitFor(() => expect(window.location.hash).toBe('#/runs/9'))
    expect(closed).toBe(true)
  })

  it('trains a preset with the other loss: WGAN takes RMSprop, so the Adam fields no longer apply', async () => {
    answerFormCalls()
    fakeStudio.answer('runs.create', runSummary({ id: 10, status: 'running' }))
    render(<NewRunModal opened onClose={() => {}} />)
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Dataset' }) as HTMLInputElement).value).toContain('Demo faces'),
    )
    await userEvent.click(screen.getByRole('button', { name: 'Advanced hyperparameters' }))
    expect((screen.getByLabelText('Beta1') as HTMLInputElement).disabled).toBe(false)
    await userEvent.click(await screen.findByRole('combobox', { name: 'Loss' }))
    await userEvent.click(await screen.findByRole('option', { name: /WGAN/, hidden: true }))
    expect((screen.getByLabelText('Beta1') as HTMLInputElement).disabled).toBe(true)
    expect((screen.getByLabelText('Learning rate') as HTMLInputElement).placeholder).toBe('preset: 0.00005')
    await userEvent.click(screen.getByRole('button', { name: 'Start training' }))
    await waitFor(() =>
      expect(fakeStudio.callsOf('runs.create')).toEqual([
        expect.objectContaining({ preset: 'compact-32', hyperparameters: { loss: 'wgan' } }),
      ]),
    )
  })

  it('suggests epochs from the dataset size and says, with the pre-flight time, when faces start to appear', async () => {
    fakeStudio.answer('datasets.list', [{ ...dataset, imageCount: 440, excludedCount: 5 }])
    fakeStudio.handle('runs.preflight', (request) => ({
      backend: 'wasm',
      device: 'WebAssembly SIMD',
      msPerStep: 200,
      stepsPerEpoch: 13,
      epochEndSeconds: 0,
      secondsPerEpoch: 2.6,
      startupSeconds: 0,
      totalSeconds: 2.6 * request.epochs,
      peakMemoryBytes: 2 ** 28,
      diskBytes: 2 ** 24,
    }))
    render(<NewRunModal opened onClose={() => {}} />)
    // compact-32 at batch 32 on the 435 photos used for training: 13 steps an epoch, 2,000 steps in 154 epochs
    await waitFor(() => expect((screen.getByRole('textbox', { name: 'Epochs' }) as HTMLInputElement).value).toBe('154'))
    expect(screen.getByText('Small and fast, 32×32 faces: the one to start with')).toBeTruthy()
    expect(screen.getByText('Suggested: 154, that is 2,002 steps on 435 images')).toBeTruthy()
    expect((await screen.findByTestId('faces-expectation', {}, { timeout: 3000 })).textContent).toBe(
      'Faces start to appear after about 31 epochs (1 min 21 s in), then sharpen until the end.',
    )
    await userEvent.click(screen.getByRole('button', { name: 'Advanced hyperparameters' }))
    await userEvent.type(screen.getByLabelText('Batch size'), '64')
    await waitFor(() => expect((screen.getByRole('textbox', { name: 'Epochs' }) as HTMLInputElement).value).toBe('333'))
    await userEvent.clear(screen.getByRole('textbox', { name: 'Epochs' }))
    await userEvent.type(screen.getByRole('textbox', { name: 'Epochs' }), '12')
    await userEvent.click(screen.getByRole('button', { name: 'Start training' }))
    await waitFor(() =>
      expect(fakeStudio.callsOf('runs.create')).toEqual([
        expect.objectContaining({ preset: 'compact-32', epochs: 12, hyperparameters: { batchSize: 64 } }),
      ]),
    )
  })

  it('says quick is for trying the studio, not for faces', async () => {
    answerFormCalls()
    render(<NewRunModal opened onClose={() => {}} prefill={{ preset: 'quick' }} />)
    expect(await screen.findByText('For trying the studio (seconds per run), not for faces')).toBeTruthy()
    expect(screen.getByText(/Tiny 32×32 model/)).toBeTruthy()
  })

  it('duplicated settings switched to another preset train that preset’s model, named for it; the user’s own changes stay', async () => {
    answerFormCalls()
    fakeStudio.answer('runs.create', runSummary({ id: 12, status: 'running' }))
    const quickRun = {
      batchSize: 16,
      zDim: 32,
      baseChannels: 8,
      learningRate: 0.0001,
      beta1: 0.5,
      beta2: 0.999,
      realLabel: 0.9,
      flip: true,
      loss: 'bce' as const,
    }
    render(
      <NewRunModal
        opened
        onClose={() => {}}
        prefill={{
          name: 'quick on Demo faces (copy)',
          datasetId: 3,
          preset: 'quick',
          epochs: 40,
          seed: 7,
          hyperparameters: quickRun,
        }}
      />,
    )
    expect(((await screen.findByLabelText('Batch size')) as HTMLInputElement).value).toBe('16')
    await userEvent.click(screen.getByRole('combobox', { name: 'Preset' }))
    await userEvent.click(await screen.findByRole('option', { name: 'compact-32', hidden: true }))
    expect((screen.getByLabelText('Batch size') as HTMLInputElement).value).toBe('32')
    expect((screen.getByLabelText('z size') as HTMLInputElement).value).toBe('100')
    expect((screen.getByLabelText('Base channels') as HTMLInputElement).value).toBe('32')
    expect((screen.getByLabelText('Learning rate') as HTMLInputElement).value).toBe('0.0001')
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('compact-32 on Demo faces (copy)')
    await userEvent.click(screen.getByRole('button', { name: 'Start training' }))
    await waitFor(() =>
      expect(fakeStudio.callsOf('runs.create')).toEqual([
        expect.objectContaining({
          name: 'compact-32 on Demo faces (copy)',
          preset: 'compact-32',
          hyperparameters: {
            batchSize: 32,
            zDim: 100,
            baseChannels: 32,
            learningRate: 0.0001,
            beta1: 0.5,
            beta2: 0.999,
            realLabel: 0.9,
          },
        }),
      ]),
    )
  })

  it('fills the form from a run whose settings are duplicated', async () => {
    answerFormCalls()
    const prefill = {
      name: 'First run (copy)',
      datasetId: 3,
      preset: 'quick' as const,
      epochs: 40,
      seed: 7,
      hyperparameters: { batchSize: 8, learningRate: 0.0001, flip: false },
    }
    render(<NewRunModal opened onClose={() => {}} prefill={prefill} />)
    expect(await screen.findByRole('dialog', { name: 'New run from these settings' })).toBeTruthy()
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('First run (copy)')
    expect((screen.getByRole('textbox', { name: 'Epochs' }) as HTMLInputElement).value).toBe('40')
    expect((screen.getByLabelText('Batch size') as HTMLInputElement).value).toBe('8')
    expect((screen.getByLabelText('Learning rate') as HTMLInputElement).value).toBe('0.0001')
    expect((screen.getByRole('checkbox', { name: /Random horizontal flip/ }) as HTMLInputElement).checked).toBe(false)
  })

  it('puts each of the studio’s validation messages under the field it is about', async () => {
    answerFormCalls()
    fakeStudio.handle('runs.create', () => {
      throw StudioError.invalid([
        { path: ['hyperparameters', 'batchSize'], message: 'batch size 500 is larger than the dataset (48 images)' },
        { path: [], message: 'something else is off' },
      ])
    })
    render(<NewRunModal opened onClose={() => {}} />)
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Dataset' }) as HTMLInputElement).value).toContain('Demo faces'),
    )
    await userEvent.click(screen.getByRole('button', { name: 'Start training' }))
    expect(await screen.findByText('batch size 500 is larger than the dataset (48 images)')).toBeTruthy()
    expect(screen.getByLabelText('Batch size').getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByText('Check the settings')).toBeTruthy()
    expect(screen.getByText('something else is off')).toBeTruthy()
  })

  it("shows the schema's message for a bad value on that value's field, checked by the real dispatcher", async () => {
    answerFormCalls()
    fakeStudio.answer('runs.create', runSummary({ id: 11, status: 'running' }))
    render(<NewRunModal opened onClose={() => {}} />)
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Dataset' }) as HTMLInputElement).value).toContain('Demo faces'),
    )
    await userEvent.click(screen.getByRole('button', { name: 'Advanced hyperparameters' }))
    await userEvent.type(screen.getByLabelText('Learning rate'), '0')
    await userEvent.click(screen.getByRole('button', { name: 'Start training' }))
    await waitFor(() => expect(screen.getByLabelText('Learning rate').getAttribute('aria-invalid')).toBe('true'))
    expect(screen.getByText('Too small: expected number to be >0')).toBeTruthy()
    expect(screen.getByLabelText('Batch size').getAttribute('aria-invalid')).not.toBe('true')
    expect(fakeStudio.callsOf('runs.create')).toEqual([])
  })

  it('has a field for every hyperparameter of the train config schema, labelled by it', async () => {
    answerFormCalls()
    render(<NewRunModal opened onClose={() => {}} />)
    await userEvent.click(await screen.findByRole('button', { name: 'Advanced hyperparameters' }))
    for (const field of HYPERPARAMETER_FIELDS)
      expect(screen.getAllByLabelText(field.title).length, field.key).toBeGreaterThan(0)
  })
})
