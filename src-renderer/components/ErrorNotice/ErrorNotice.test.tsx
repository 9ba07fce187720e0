// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest'
import { render, screen, userEvent } from '../../test-utils/render'
import { ErrorNotice } from './ErrorNotice'

describe('ErrorNotice', () => {
  it('shows what failed and the error as an alert, with a way to try again', async () => {
    const retry = vi.fn()
    render(<ErrorNotice title="Could not load the runs" error={new Error('The database is locked.')} onRetry={retry} />)
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('Could not load the runs')
    expect(alert.textContent).toContain('The database is locked.')
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(retry).toHaveBeenCalledTimes(1)
  })

  it('offers no retry when there is nothing to retry, and has a generic title by default', () => {
    render(<ErrorNotice error={new Error('Disk full.')} />)
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong')
    expect(screen.queryByRole('button')).toBeNull()
  })
})
