// @vitest-environment jsdom
import { renderHook } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { runDetail, runSummary } from '../../test-utils/fixtures'
import { fakeStudio, render, screen, userEvent, waitFor } from '../../test-utils/render'
import {
  recallCheckpointPick,
  recallLatentView,
  rememberCheckpointPick,
  rememberLatentRun,
  useRememberLatentView,
  type LatentView,
} from './latentMemory'
import { LatentPage } from './LatentPage'

let key = 0
const nextKey = () => `k${key++}`
const view: LatentView = {
  path: {
    keyframes: [
      { key: 'a', label: 'Gallery face 1', latent: Float32Array.from([0.5, -1, 2]) },
      { key: 'b', label: 'Seed 42', latent: Float32Array.from([1, 0, -0.25]) },
    ],
    segments: [{ interpolation: 'lerp', ease: 'linear' }],
    position: 0.75,
  },
  truncation: 0.6,
  offsets: { checkpointId: 13, values: [0.3, 0, -1.2] },
}

describe('the latent studio’s memory of each run', () => {
  it('keeps the path, slider positions and truncation of a run once the page is left', () => {
    const { unmount } = renderHook(() => useRememberLatentView(4, view))
    expect(recallLatentView(4, 3, nextKey)).toBeNull()
    unmount()
    const recalled = recallLatentView(4, 3, nextKey)!
    expect(recalled.path.keyframes.map(({ label, latent }) => ({ label, latent: Array.from(latent) }))).toEqual([
      { label: 'Gallery face 1', latent: [0.5, -1, 2] },
      { label: 'Seed 42', latent: [1, 0, -0.25] },
    ])
    expect(recalled.path.segments).toEqual(view.path.segments)
    expect(recalled.path.position).toBe(0.75)
    expect(recalled.truncation).toBe(0.6)
    expect(recalled.offsets).toEqual(view.offsets)
    // Another run has its own; a generator of another latent size, or a damaged entry, starts afresh.
    expect(recallLatentView(5, 3, nextKey)).toBeNull()
    expect(recallLatentView(4, 8, nextKey)).toBeNull()
    localStorage.setItem('dcgan-studio.latent.4', '{"keyframes": "oops"')
    expect(recallLatentView(4, 3, nextKey)).toBeNull()
  })

  it('opens on the run and checkpoint last explored, and remembers a new checkpoint pick', async () => {
    window.location.hash = '#/latent'
    rememberLatentRun(2)
    rememberCheckpointPick(2, '12')
    fakeStudio.answer('runs.list', [
      runSummary({ id: 1, name: 'First run' }),
      runSummary({ id: 2, name: 'Second run' }),
    ])
    fakeStudio.handle('runs.get', ({ runId }) =>
      runDetail({ id: runId, name: runId === 2 ? 'Second run' : 'First run' }),
    )
    render(<LatentPage />)
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Run' }) as HTMLInputElement).value).toBe('#2 Second run'),
    )
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Checkpoint' }) as HTMLInputElement).value).toBe('Epoch 3 · step 9'),
    )

    await userEvent.click(screen.getByRole('combobox', { name: 'Checkpoint' }))
    await userEvent.click(await screen.findByRole('option', { name: 'Epoch 2 · step 6', hidden: true }))
    expect(recallCheckpointPick(2)).toBe('11')
    expect(recallCheckpointPick(1)).toBeNull()
  })
})
