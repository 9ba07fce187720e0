import { Slider } from '@mantine/core'
import { useState } from 'react'

/** Which of `count` epochs is shown: the latest, following new ones as they arrive, until the user picks an earlier one. */
export function useEpochPick(count: number) {
  const [picked, setPicked] = useState<number | null>(null)
  const last = count - 1
  return {
    index: picked === null ? last : Math.min(picked, last),
    followsLatest: picked === null,
    pick: (index: number) => setPicked(index >= last ? null : index),
  }
}

/** A slider over every epoch that has faces, none skipped. */
export function EpochScrubber({
  epochs,
  index,
  onPick,
}: {
  epochs: readonly number[]
  index: number
  onPick: (index: number) => void
}) {
  const last = epochs.length - 1
  return (
    <Slider
      style={{ flex: 1 }}
      min={0}
      max={Math.max(last, 1)}
      step={1}
      value={index}
      disabled={last < 1}
      onChange={onPick}
      label={(value) => `epoch ${epochs[value] ?? value}`}
      thumbLabel="Epoch"
      data-testid="epoch-scrubber"
    />
  )
}
