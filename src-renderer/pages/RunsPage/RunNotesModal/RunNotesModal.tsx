import { Modal } from '@mantine/core'
import type { RunSummary } from '../../../../src-shared/contract/runs'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { LoadingState } from '../../../components/LoadingState/LoadingState'
import { useStudioQuery } from '../../../hooks/useStudioQuery'
import { studio } from '../../../studio'
import { RunNotes } from '../../RunPage/RunFacts/RunNotes'

/** The run's notes and tags, edited from the list without opening the run. */
export function RunNotesModal({ run, opened, onClose }: { run: RunSummary; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Notes and tags of "${run.name}"`}>
      {opened && <NotesLoader runId={run.id} onSaved={onClose} />}
    </Modal>
  )
}

function NotesLoader({ runId, onSaved }: { runId: number; onSaved: () => void }) {
  const detail = useStudioQuery(() => studio.runs.get({ runId }), [runId])
  if (detail.status === 'loading') return <LoadingState label="Loading the notes…" compact />
  if (detail.status === 'error')
    return <ErrorNotice title="Could not load the notes" error={detail.error} onRetry={detail.reload} />
  return <RunNotes run={detail.data} onSaved={onSaved} />
}
