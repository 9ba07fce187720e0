// @vitest-environment jsdom
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { render, screen, userEvent } from '../../../test-utils/render'
import { DirectionSliders } from './DirectionSliders'

function Sliders() {
  const [offsets, setOffsets] = useState([0, 0])
  const directions = {
    status: 'ready' as const,
    data: {
      checkpointId: 1,
      samples: 512,
      directions: [
        { vector: [1, 0], explainedVariance: 0.6, sigma: 1 },
        { vector: [0, 1], explainedVariance: 0.3, sigma: 0.5 },
      ],
    },
    reload: () => {},
  }
  return (
    <DirectionSliders
      directions={directions}
      offsets={offsets}
      onChange={(index, value) => setOffsets((current) => current.map((offset, at) => (at === index ? value : offset)))}
      onReset={() => setOffsets([0, 0])}
    />
  )
}

describe('DirectionSliders by keyboard', () => {
  it('moves by 1/20 of the span per arrow key, 1/200 with Shift, 1/5 per page, within the span', async () => {
    render(<Sliders />)
    // Direction 1 spans ±3 sigma = 6.
    const slider = screen.getByRole('slider', { name: 'Direction 1' })
    slider.focus()
    await userEvent.keyboard('{ArrowRight}')
    expect(Number(slider.getAttribute('aria-valuenow'))).toBeCloseTo(0.3)
    await userEvent.keyboard('{Shift>}{ArrowLeft}{/Shift}')
    expect(Number(slider.getAttribute('aria-valuenow'))).toBeCloseTo(0.27)
    await userEvent.keyboard('{PageDown}')
    expect(Number(slider.getAttribute('aria-valuenow'))).toBeCloseTo(-0.93)
    await userEvent.keyboard('{PageDown}{PageDown}{PageDown}')
    expect(Number(slider.getAttribute('aria-valuenow'))).toBeCloseTo(-3)
    // Direction 2 spans ±1.5.
    const second = screen.getByRole('slider', { name: 'Direction 2' })
    second.focus()
    await userEvent.keyboard('{ArrowUp}')
    expect(Number(second.getAttribute('aria-valuenow'))).toBeCloseTo(0.15)
  })
})
