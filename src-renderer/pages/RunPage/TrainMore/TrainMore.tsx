import { Button, Group, NumberInput, Text } from '@mantine/core'
import { useState } from 'react'
import { RUN_LIMITS, type RunSummary } from '../../../../src-shared/contract/runs'
import { plural } from '../../../lib/quantityText'
import { studio, unwrap } from '../../../studio'

/** Runs that can be trained further: a finished one, or one stopped by the user. */
export function canTrainMore(run: Pick<RunSummary, 'status'>): boolean {
  return run.status === 'finished' || run.status === 'stopped'
}

/**
 * "Train N more epochs": raises the run's planned epochs by N and resumes it from its last checkpoint, so its faces,
 * checkpoints and plots carry on where they ended.
 */
export function TrainMore({ run }: { run: RunSummary }) {
  const [more, setMore] = useState<number | string>(Math.max(1, Math.round(run.epochs / 2)))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!canTrainMore(run)) return null
  const valid = typeof more === 'number' && more >= 1 && run.epochs + more <= RUN_LIMITS.maxEpochs

  const trainMore = async () => {
    if (typeof more !== 'number') return
    setBusy(true)
    setError(null)
    try {
      await unwrap(studio.runs.resume({ runId: run.id, epochs: run.epochs + more }))
    } catch (caught) {
      setError((caught as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Group gap="xs" align="center" data-testid="train-more">
      <NumberInput
        aria-label="More epochs"
        value={more}
        onChange={setMore}
        min={1}
        max={RUN_LIMITS.maxEpochs - run.epochs}
        allowDecimal={false}
        allowNegative={false}
        w={90}
        size="sm"
      />
      <Button variant="light" disabled={!valid} loading={busy} onClick={() => void trainMore()}>
        Train {valid ? plural(more, 'more epoch') : 'more epochs'}
      </Button>
      {valid && (
        <Text size="sm" c="dimmed">
          to {run.epochs + more} in all, from the last checkpoint
        </Text>
      )}
      {error && (
        <Text size="sm" c="red" role="alert">
          Could not train further: {error}
        </Text>
      )}
    </Group>
  )
}
