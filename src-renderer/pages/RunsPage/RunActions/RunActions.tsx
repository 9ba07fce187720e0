import { ActionIcon, Button, Group, Menu, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import type { RunSummary } from '../../../../src-shared/contract/runs'
import { studio, unwrap } from '../../../studio'
import { DeleteRunModal } from '../DeleteRunModal/DeleteRunModal'
import { NewRunModal, type NewRunPrefill } from '../NewRunModal/NewRunModal'
import { prefillFromRun } from '../NewRunModal/prefillFromRun'
import { RenameRunModal } from '../RenameRunModal/RenameRunModal'
import { RunNotesModal } from '../RunNotesModal/RunNotesModal'
import { canResume, isLive } from '../runText'

type Control = 'pause' | 'resume' | 'stop'

interface RunActionsProps {
  run: RunSummary
  /** Smaller buttons, for a row in the list. */
  compact?: boolean
  onDeleted?: () => void
}

/** Pause, resume and stop, plus a menu: duplicate settings, rename, notes and tags, delete. The run's status decides what is offered. */
export function RunActions({ run, compact = false, onDeleted }: RunActionsProps) {
  const [busy, setBusy] = useState<Control | 'duplicate' | null>(null)
  const [dialog, setDialog] = useState<'rename' | 'notes' | 'delete' | 'new' | null>(null)
  const [prefill, setPrefill] = useState<NewRunPrefill | null>(null)
  const size = compact ? 'compact-sm' : 'sm'

  const control = async (action: Control) => {
    setBusy(action)
    try {
      await unwrap(studio.runs[action]({ runId: run.id }))
    } catch (caught) {
      notifications.show({
        color: 'red',
        title: `Could not ${action} "${run.name}"`,
        message: (caught as Error).message,
      })
    } finally {
      setBusy(null)
    }
  }

  const duplicate = async () => {
    setBusy('duplicate')
    try {
      setPrefill(await prefillFromRun(run.id))
      setDialog('new')
    } catch (caught) {
      notifications.show({ color: 'red', title: 'Could not read the run settings', message: (caught as Error).message })
    } finally {
      setBusy(null)
    }
  }

  const resumeLabel = run.status === 'paused' ? 'Resume' : run.status === 'failed' ? 'Retry' : 'Resume'
  const resumeHint = run.status === 'paused' ? 'Continue training' : 'Continue from the last checkpoint'
  return (
    // In the runs table the buttons wrap rather than widen the table past a narrow window.
    <Group gap={6} wrap={compact ? 'wrap' : 'nowrap'} onClick={(event) => event.stopPropagation()}>
      {run.status === 'running' && (
        <Button size={size} variant="default" loading={busy === 'pause'} onClick={() => void control('pause')}>
          Pause
        </Button>
      )}
      {canResume(run) && (
        <Tooltip label={resumeHint}>
          <Button size={size} variant="light" loading={busy === 'resume'} onClick={() => void control('resume')}>
            {resumeLabel}
          </Button>
        </Tooltip>
      )}
      {isLive(run.status) && (
        <Button size={size} variant="light" color="red" loading={busy === 'stop'} onClick={() => void control('stop')}>
          Stop
        </Button>
      )}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size={compact ? 'md' : 'lg'}
            aria-label={`More actions for ${run.name}`}
            loading={busy === 'duplicate'}
          >
            ⋯
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => void duplicate()}>Duplicate settings…</Menu.Item>
          <Menu.Item onClick={() => setDialog('rename')}>Rename…</Menu.Item>
          <Menu.Item onClick={() => setDialog('notes')}>Notes and tags…</Menu.Item>
          <Menu.Divider />
          <Tooltip label="Stop the run before deleting it" disabled={!isLive(run.status)} position="left">
            <div>
              <Menu.Item color="red" disabled={isLive(run.status)} onClick={() => setDialog('delete')}>
                Delete…
              </Menu.Item>
            </div>
          </Tooltip>
        </Menu.Dropdown>
      </Menu>
      <RenameRunModal run={run} opened={dialog === 'rename'} onClose={() => setDialog(null)} />
      <RunNotesModal run={run} opened={dialog === 'notes'} onClose={() => setDialog(null)} />
      <DeleteRunModal run={run} opened={dialog === 'delete'} onClose={() => setDialog(null)} onDeleted={onDeleted} />
      <NewRunModal opened={dialog === 'new'} onClose={() => setDialog(null)} prefill={prefill} />
    </Group>
  )
}
