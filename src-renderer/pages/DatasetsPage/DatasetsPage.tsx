import { Anchor } from '@mantine/core'
import { EmptyState } from '../../components/EmptyState/EmptyState'
import { useHashRoute } from '../../hooks/useHashRoute'
import { DatasetDetail } from './DatasetDetail/DatasetDetail'
import { DatasetList } from './DatasetList/DatasetList'

/** `#/datasets` lists the datasets; `#/datasets/<id>` shows one. */
export function DatasetsPage() {
  const [, datasetPart] = useHashRoute()
  if (datasetPart === undefined) return <DatasetList />
  const datasetId = Number(datasetPart)
  if (!Number.isSafeInteger(datasetId) || datasetId <= 0) {
    return (
      <EmptyState title="No such dataset" action={<Anchor href="#/datasets">Back to datasets</Anchor>}>
        &quot;{datasetPart}&quot; is not a dataset address.
      </EmptyState>
    )
  }
  return <DatasetDetail key={datasetId} datasetId={datasetId} />
}
