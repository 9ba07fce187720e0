import type { ComponentType } from 'react'
import { ComparePage } from './pages/ComparePage/ComparePage'
import { DatasetsPage } from './pages/DatasetsPage/DatasetsPage'
import { DevicePage } from './pages/DevicePage/DevicePage'
import { ExportPage } from './pages/ExportPage/ExportPage'
import { LatentPage } from './pages/LatentPage/LatentPage'
import { RunsPage } from './pages/RunsPage/RunsPage'

export interface Route {
  path: string
  label: string
  page: ComponentType
}

export const ROUTES: readonly Route[] = [
  { path: 'datasets', label: 'Datasets', page: DatasetsPage },
  { path: 'runs', label: 'Runs', page: RunsPage },
  { path: 'compare', label: 'Compare', page: ComparePage },
  { path: 'latent', label: 'Latent studio', page: LatentPage },
  { path: 'export', label: 'Export', page: ExportPage },
  { path: 'device', label: 'Device', page: DevicePage },
]
