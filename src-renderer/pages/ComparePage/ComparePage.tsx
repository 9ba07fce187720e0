import { EmptyState } from '../../components/EmptyState/EmptyState'

export function ComparePage() {
  return <EmptyState title="Nothing to compare yet">Finish two or more runs to overlay their curves and see their faces side by side.</EmptyState>
}
