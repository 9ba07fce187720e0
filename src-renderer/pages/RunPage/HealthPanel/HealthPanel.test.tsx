// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { runSummary } from '../../../test-utils/fixtures'
import { render, screen, within } from '../../../test-utils/render'
import { HealthPanel } from './HealthPanel'

describe('HealthPanel', () => {
  it('says no problems were seen on a healthy run', () => {
    render(<HealthPanel run={runSummary({ epoch: 4, health: [] })} />)
    expect(screen.getByTestId('health-panel').textContent).toContain('No problems seen')
  })

  it('shows each finding in plain words, with its evidence and what to do', () => {
    const health = [
      {
        kind: 'collapse' as const,
        since: 3,
        evidence: 'The preview faces differ from each other by 0.010 on average, real photos by 0.240.',
        advice: 'Train on with a lower learning rate.',
      },
      {
        kind: 'memorisation' as const,
        since: 4,
        evidence: '12 of 64 preview faces are closer to a training photo.',
        advice: 'Use an earlier epoch.',
      },
    ]
    render(<HealthPanel run={runSummary({ epoch: 4, health })} />)
    const panel = screen.getByTestId('health-panel')
    expect(panel.textContent).not.toContain('No problems seen')
    const collapse = within(panel).getByTestId('health-collapse')
    expect(collapse.textContent).toContain('The faces have stopped varying (since epoch 3)')
    expect(collapse.textContent).toContain('differ from each other by 0.010')
    expect(collapse.textContent).toContain('What to do: Train on with a lower learning rate.')
    expect(within(panel).getByTestId('health-memorisation').textContent).toContain(
      'Some faces copy training photos (since epoch 4)',
    )
  })
})
