import { studio } from '../studio'
import { useStudioEvent } from './useStudioEvent'
import { useStudioQuery } from './useStudioQuery'

/**
 * A run's pinned faces, read again when one is pinned, renamed or deleted, and when the run changes
 * (training may have pruned the checkpoint a face was pinned at).
 */
export function usePinnedFaces(runId: number) {
  const faces = useStudioQuery(() => studio.faces.list({ runId }), [runId])
  useStudioEvent('faces.changed', (event) => event.runId === runId && faces.reload())
  useStudioEvent('runs.changed', (run) => run.id === runId && faces.reload())
  return faces
}
