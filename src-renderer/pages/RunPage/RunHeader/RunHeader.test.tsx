// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { runDetail } from '../../../test-utils/fixtures'
import { render, screen, within } from '../../../test-utils/render'
import { RunHeader } from './RunHeader'

describe("a run page's subtitle", () => {
  it('does not repeat "preset on dataset" under a name that already says it, and still links the dataset', () => {
    render(<RunHeader run={runDetail({ name: 'quick on Demo faces (copy)', preset: 'quick', backend: 'cpu' })} />)
    const subtitle = screen.getByTestId('run-subtitle')
    expect(subtitle.textContent).toBe('Dataset: Demo faces · cpu')
    expect(within(subtitle).getByRole('link', { name: 'Demo faces' }).getAttribute('href')).toBe('#/datasets/1')
  })

  it('says which preset and dataset a run with its own name uses', () => {
    render(<RunHeader run={runDetail({ name: 'First run', preset: 'quick', backend: 'cpu' })} />)
    expect(screen.getByTestId('run-subtitle').textContent).toBe('quick on Demo faces · cpu')
  })
})
