// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { StudioError } from '../../../src-shared/contract/errors'
import { fakeStudio, render, screen, waitFor } from '../../test-utils/render'
import { BackendBadge } from './BackendBadge'

describe('BackendBadge', () => {
  it('says it is probing, then names the backend in use and links to the Device panel', async () => {
    let answer!: () => void
    fakeStudio.handle(
      'device.report',
      () =>
        new Promise(
          (resolve) =>
            (answer = () => resolve({ backend: 'wasm', device: 'WebAssembly SIMD', unavailable: [], versions: {} })),
        ),
    )
    render(<BackendBadge />)
    const badge = screen.getByTestId('backend-badge')
    expect(badge.textContent).toBe('probing…')
    expect(badge.getAttribute('href')).toBe('#/device')
    await waitFor(() => expect(fakeStudio.callsOf('device.report')).toHaveLength(1))
    answer()
    await waitFor(() => expect(badge.textContent).toBe('wasm'))
  })

  it('says when the native oneDNN kernels run the convolutions', async () => {
    const kernels = { kind: 'native' as const, label: 'native oneDNN 2.6.3 (avx512_core), 2 threads' }
    fakeStudio.handle('device.report', () => ({
      backend: 'wasm',
      device: 'WebAssembly SIMD',
      unavailable: [],
      versions: {},
      kernels,
    }))
    render(<BackendBadge />)
    await waitFor(() => expect(screen.getByTestId('backend-badge').textContent).toBe('wasm · oneDNN'))
  })

  it('shows that the backend is unknown when the report fails', async () => {
    fakeStudio.handle('device.report', () => {
      throw new StudioError('UNAVAILABLE', 'No backend could start.')
    })
    render(<BackendBadge />)
    await waitFor(() => expect(screen.getByTestId('backend-badge').textContent).toBe('backend ?'))
  })
})
