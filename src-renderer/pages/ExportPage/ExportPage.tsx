import { EmptyState } from '../../components/EmptyState/EmptyState'

export function ExportPage() {
  return <EmptyState title="Nothing to export yet">Generated image sets, sprite sheets, GIFs and the generator itself can be exported once a run has a checkpoint.</EmptyState>
}
