// @vitest-environment jsdom
import { Button } from '@mantine/core'
import { describe, expect, it } from 'vitest'
import { render, screen } from '../../test-utils/render'
import { EmptyState } from './EmptyState'

describe('EmptyState', () => {
  it('says what is missing, what to do about it, and offers the action', () => {
    render(
      <EmptyState title="No runs yet" action={<Button>New run</Button>}>
        Import a dataset, then start a run.
      </EmptyState>,
    )
    expect(screen.getByRole('heading', { name: 'No runs yet' })).toBeTruthy()
    expect(screen.getByText('Import a dataset, then start a run.')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'New run' })).toBeTruthy()
  })
})
