import { EmptyState } from '../../components/EmptyState/EmptyState'

export function RunsPage() {
  return <EmptyState title="No runs yet">Import a dataset, then start a run: its losses and every epoch's faces appear here.</EmptyState>
}
