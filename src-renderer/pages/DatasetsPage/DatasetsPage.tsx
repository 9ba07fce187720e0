import { EmptyState } from '../../components/EmptyState/EmptyState'

export function DatasetsPage() {
  return <EmptyState title="No datasets yet">Drop a folder of face photos here to make your first training set.</EmptyState>
}
