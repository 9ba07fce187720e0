import { Button, Checkbox, Table, Text, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import type { RunDetail } from '../../../../src-shared/contract/runs'
import { studio, unwrap } from '../../../studio'
import { bytesLabel } from '../../../lib/quantityText'
import { dateLabel, isLive } from '../../RunsPage/runText'
import { ResumeFromCheckpointModal } from '../ResumeFromCheckpointModal/ResumeFromCheckpointModal'

type Checkpoint = RunDetail['checkpoints'][number]

/** Why training cannot resume from `checkpoint` now, or null when it can. */
export function resumeBlocker(
  run: Pick<RunDetail, 'status' | 'epochs'>,
  checkpoint: Pick<Checkpoint, 'epoch'>,
): string | null {
  if (isLive(run.status)) return 'Stop the run before resuming from a checkpoint'
  if (checkpoint.epoch >= run.epochs) return "The run's last epoch: nothing is left to train from it"
  return null
}

/** Marks or unmarks a checkpoint to be kept; the page re-reads the run when main announces the change. */
function KeepCheckbox({ run, checkpoint }: { run: RunDetail; checkpoint: Checkpoint }) {
  const [saving, setSaving] = useState(false)
  const toggle = async (kept: boolean) => {
    setSaving(true)
    try {
      await unwrap(studio.runs.keepCheckpoint({ runId: run.id, checkpointId: checkpoint.id, kept }))
    } catch (caught) {
      notifications.show({
        color: 'red',
        title: `Could not ${kept ? 'keep' : 'release'} the checkpoint of epoch ${checkpoint.epoch}`,
        message: (caught as Error).message,
      })
    } finally {
      setSaving(false)
    }
  }
  return (
    <Checkbox
      size="xs"
      checked={checkpoint.kept}
      disabled={saving}
      onChange={(event) => void toggle(event.currentTarget.checked)}
      aria-label={`Keep epoch ${checkpoint.epoch}`}
    />
  )
}

/** The run's checkpoints, each with a way to keep it from pruning and to resume training from it. */
export function CheckpointTable({ run }: { run: RunDetail }) {
  const [resumeFrom, setResumeFrom] = useState<Checkpoint | null>(null)
  if (run.checkpoints.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        None yet: one is written after every epoch (and when the run stops).
      </Text>
    )
  }
  return (
    <>
      <Table fz="sm" verticalSpacing={4} data-testid="checkpoints">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Epoch</Table.Th>
            <Table.Th>Step</Table.Th>
            <Table.Th>Size</Table.Th>
            <Table.Th>Saved</Table.Th>
            <Table.Th>Keep</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {run.checkpoints.map((checkpoint) => {
            const blocker = resumeBlocker(run, checkpoint)
            return (
              <Table.Tr key={checkpoint.id}>
                <Table.Td>{checkpoint.epoch}</Table.Td>
                <Table.Td>{checkpoint.step.toLocaleString()}</Table.Td>
                <Table.Td>{bytesLabel(checkpoint.bytes)}</Table.Td>
                <Table.Td>{dateLabel(checkpoint.createdAt)}</Table.Td>
                <Table.Td>
                  <KeepCheckbox run={run} checkpoint={checkpoint} />
                </Table.Td>
                <Table.Td>
                  {/* data-disabled rather than disabled: a disabled button gets no hover, so its tooltip would never say why. */}
                  <Tooltip label={blocker} disabled={blocker === null}>
                    <Button
                      size="compact-xs"
                      variant="light"
                      data-disabled={blocker !== null || undefined}
                      aria-disabled={blocker !== null}
                      onClick={() => blocker === null && setResumeFrom(checkpoint)}
                      aria-label={`Resume from epoch ${checkpoint.epoch}`}
                    >
                      Resume from here
                    </Button>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="xs">
        Older checkpoints are pruned to save disk: the newest three are kept, and any you mark to keep.
      </Text>
      <ResumeFromCheckpointModal run={run} checkpoint={resumeFrom} onClose={() => setResumeFrom(null)} />
    </>
  )
}
