import { EmptyState } from '../../components/EmptyState/EmptyState'

export function LatentPage() {
  return <EmptyState title="No trained generator yet">Once a run has a checkpoint, explore its latent space here with sliders.</EmptyState>
}
