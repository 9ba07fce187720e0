import { Alert, Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { RunDetail } from '../../../../src-shared/contract/runs'
import { studio, unwrap } from '../../../studio'
import { plural } from '../../../lib/quantityText'

type Checkpoint = RunDetail['checkpoints'][number]

interface ResumeFromCheckpointModalProps {
  run: RunDetail
  checkpoint: Checkpoint | null
  onClose: () => void
}

/** Confirms resuming from an earlier checkpoint, says what is discarded, and offers a new learning rate. */
export function ResumeFromCheckpointModal({ run, checkpoint, onClose }: ResumeFromCheckpointModalProps) {
  return (
    <Modal opened={checkpoint !== null} onClose={onClose} title={checkpoint ? `Resume "${run.name}" from epoch ${checkpoint.epoch}?` : ''}>
      {checkpoint && <ResumeForm run={run} checkpoint={checkpoint} onDone={onClose} />}
    </Modal>
  )
}

function ResumeForm({ run, checkpoint, onDone }: { run: RunDetail; checkpoint: Checkpoint; onDone: () => void }) {
  const [learningRate, setLearningRate] = useState<number | string>('')
  const [resuming, setResuming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const optimizer = run.config.optimizer as { lr?: unknown } | undefined
  const currentRate = typeof optimizer?.lr === 'number' ? optimizer.lr : null
  const laterCheckpoints = run.checkpoints.filter((other) => other.step > checkpoint.step).length
  const discardsSomething = run.step > checkpoint.step

  const resume = async (event: FormEvent) => {
    event.preventDefault()
    setResuming(true)
    setError(null)
    try {
      await unwrap(studio.runs.resume({ runId: run.id, checkpointId: checkpoint.id, ...(typeof learningRate === 'number' && { learningRate }) }))
      onDone()
    } catch (caught) {
      setError((caught as Error).message)
      setResuming(false)
    }
  }

  return (
    <form onSubmit={(event) => void resume(event)}>
      <Stack>
        <Text size="sm">
          Training continues from step {checkpoint.step.toLocaleString()} (the end of epoch {checkpoint.epoch}) up to epoch {run.epochs}.
        </Text>
        {discardsSomething && (
          <Alert color="yellow" title="What came after it is discarded">
            The {plural(run.step - checkpoint.step, 'step')} after it
            {run.epoch > checkpoint.epoch && `, the faces of epochs ${checkpoint.epoch + 1}–${run.epoch}`}
            {laterCheckpoints > 0 && ` and ${plural(laterCheckpoints, 'later checkpoint')}`} are deleted and trained again.
          </Alert>
        )}
        <NumberInput
          label="Learning rate"
          description="Blank keeps the run's rate; a lower one can rescue a run that diverged."
          placeholder={currentRate === null ? 'unchanged' : `unchanged (${currentRate})`}
          value={learningRate}
          onChange={setLearningRate}
          min={1e-7}
          max={1}
          step={1e-5}
          decimalScale={8}
          allowNegative={false}
        />
        {error && (
          <Alert color="red" title="Could not resume" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={resuming}>
            Cancel
          </Button>
          <Button type="submit" loading={resuming} color={discardsSomething ? 'orange' : undefined}>
            Resume from epoch {checkpoint.epoch}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
