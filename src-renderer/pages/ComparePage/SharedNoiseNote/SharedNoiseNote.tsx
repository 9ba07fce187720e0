import { Alert } from '@mantine/core'
import type { RunDetail } from '../../../../src-shared/contract/runs'
import { sharedNoiseGroups } from './sharedNoise'

const names = (runs: readonly Pick<RunDetail, 'id'>[]) =>
  runs.map((run) => `#${run.id}`).join(runs.length === 2 ? ' and ' : ', ')

/** Says which compared runs preview the same latent vectors, so their grids can be read cell by cell. */
export function SharedNoiseNote({ runs }: { runs: readonly RunDetail[] }) {
  return sharedNoiseGroups(runs).map((group) => (
    <Alert key={group[0]!.id} color="blue" variant="light" data-testid="same-seed">
      {group.length === runs.length ? 'These runs share' : `Runs ${names(group)} share`} seed {group[0]!.seed}: each
      cell of their grids is drawn from the same latent vector, so the same cell shows how each run renders the same
      face.
    </Alert>
  ))
}
