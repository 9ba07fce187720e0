import { Alert, Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import {
  HYPERPARAMETER_FIELDS,
  hyperparametersAt,
  type HyperparameterKey,
} from '../../../../src-shared/contract/hyperparameters'
import type { RunDetail } from '../../../../src-shared/contract/runs'
import { studio, unwrap } from '../../../studio'
import { plural } from '../../../lib/quantityText'

type Checkpoint = RunDetail['checkpoints'][number]

/** The settings a resume may change: G's and D's learning rates. */
const RATE_FIELDS = HYPERPARAMETER_FIELDS.filter(
  (field) => field.key === 'learningRate' || field.key === 'dLearningRate',
)
type RateKey = Extract<HyperparameterKey, 'learningRate' | 'dLearningRate'>

interface ResumeFromCheckpointModalProps {
  run: RunDetail
  checkpoint: Checkpoint | null
  onClose: () => void
}

/** Confirms resuming from an earlier checkpoint, says what is discarded, and offers new learning rates for G and D. */
export function ResumeFromCheckpointModal({ run, checkpoint, onClose }: ResumeFromCheckpointModalProps) {
  return (
    <Modal
      opened={checkpoint !== null}
      onClose={onClose}
      title={checkpoint ? `Resume "${run.name}" from epoch ${checkpoint.epoch}?` : ''}
    >
      {checkpoint && <ResumeForm run={run} checkpoint={checkpoint} onDone={onClose} />}
    </Modal>
  )
}

function ResumeForm({ run, checkpoint, onDone }: { run: RunDetail; checkpoint: Checkpoint; onDone: () => void }) {
  const [rates, setRates] = useState<Record<RateKey, number | string>>({ learningRate: '', dLearningRate: '' })
  const [resuming, setResuming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const current = hyperparametersAt(run, checkpoint.step)
  const laterCheckpoints = run.checkpoints.filter((other) => other.step > checkpoint.step).length
  const discardsSomething = run.step > checkpoint.step

  const resume = async (event: FormEvent) => {
    event.preventDefault()
    setResuming(true)
    setError(null)
    try {
      const changed = Object.fromEntries(Object.entries(rates).filter(([, value]) => typeof value === 'number'))
      await unwrap(studio.runs.resume({ runId: run.id, checkpointId: checkpoint.id, ...changed }))
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
          Training continues from step {checkpoint.step.toLocaleString()} (the end of epoch {checkpoint.epoch}) up to
          epoch {run.epochs}.
        </Text>
        {discardsSomething && (
          <Alert color="yellow" title="What came after it is discarded">
            The {plural(run.step - checkpoint.step, 'step')} after it
            {run.epoch > checkpoint.epoch && `, the faces of epochs ${checkpoint.epoch + 1}–${run.epoch}`}
            {laterCheckpoints > 0 && ` and ${plural(laterCheckpoints, 'later checkpoint')}`} are deleted and trained
            again.
          </Alert>
        )}
        <Text size="sm" c="dimmed">
          Blank keeps the run&apos;s rate; a lower one can rescue a run that diverged.
        </Text>
        {RATE_FIELDS.map((field) => {
          const key = field.key as RateKey
          return (
            <NumberInput
              key={key}
              label={field.title}
              description={field.description}
              placeholder={current[key] === undefined ? 'unchanged' : `unchanged (${current[key]})`}
              value={rates[key]}
              onChange={(value) => setRates((before) => ({ ...before, [key]: value }))}
              max={field.max}
              step={field.step}
              decimalScale={8}
              allowNegative={false}
            />
          )
        })}
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
