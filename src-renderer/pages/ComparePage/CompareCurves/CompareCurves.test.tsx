// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { legendValues } from '../../../test-utils/canvas-stub'
import { runDetail } from '../../../test-utils/fixtures'
import { render, screen, userEvent } from '../../../test-utils/render'
import type { ComparedRun } from '../useCompareData'
import { CompareCurves } from './CompareCurves'

const run = (id: number, name: string, steps: number): ComparedRun => {
  const step = Array.from({ length: steps }, (_, index) => index + 1)
  return {
    detail: runDetail({ id, name, stepsPerEpoch: 4 }),
    history: {
      totalSteps: steps,
      downsampled: false,
      step,
      epoch: step.map((s) => Math.floor(s / 4)),
      // constant per run, so that smoothing leaves them as they are
      dLoss: step.map(() => 1 + steps / 100),
      gLoss: step.map(() => 2 + steps / 100),
      dReal: step.map(() => 0.5 + steps / 1000),
      dFake: step.map(() => 0.25 + steps / 1000),
      seconds: step.map((s) => s / 2),
    },
    samples: [],
    quality: [],
  }
}

describe('CompareCurves', () => {
  it("overlays losses and D's outputs of every run, says which line is which, and shows each run's latest values before any hover", async () => {
    render(<CompareCurves runs={[run(1, 'Faces', 8), run(2, 'Faces', 4)]} />)
    const key = screen.getByTestId('compare-key')
    expect(key.textContent).toContain('#1 Faces')
    expect(key.textContent).toContain('#2 Faces')
    expect(key.textContent).toContain('solid: D loss, D(x)')
    expect(key.textContent).toContain('dashed: G loss, D(G(z))')

    const legends = [...document.querySelectorAll('.u-legend')]
    expect(legends).toHaveLength(2)
    // run 2 ended at step 4: its latest values, not "—" for the steps it never reached
    expect(legendValues(legends[0]!)).toMatchObject({
      step: '8',
      '#1 Faces · D loss': '1.0800',
      '#1 Faces · G loss': '2.0800',
      '#2 Faces · D loss': '1.0400',
      '#2 Faces · G loss': '2.0400',
    })
    expect(legendValues(legends[1]!)).toMatchObject({
      '#1 Faces · D(x)': '0.5080',
      '#1 Faces · D(G(z))': '0.2580',
      '#2 Faces · D(x)': '0.5040',
      '#2 Faces · D(G(z))': '0.2540',
    })

    await userEvent.click(screen.getByText('By time'))
    expect(legendValues(document.querySelector('.u-legend')!)).toMatchObject({ 'training time': '0:04' })
    await userEvent.click(screen.getByLabelText('Log scale'))
    expect((screen.getByLabelText('Log scale') as HTMLInputElement).checked).toBe(true)
  })
})
