import { Badge, Tooltip } from '@mantine/core'
import type { DeviceReport } from '../../../src-shared/contract/channels'
import { useDeviceReport } from '../../hooks/useDeviceReport'

/** "wasm · oneDNN" when the native kernels run the convolutions; the tooltip says which and why. */
function badgeLabel(r: DeviceReport): string {
  return r.kernels?.kind === 'native' ? `${r.backend} · oneDNN` : r.backend
}

function tooltip(r: DeviceReport): string {
  if (!r.kernels) return r.device
  return `${r.device} · convolutions: ${r.kernels.label}${r.kernels.reason ? ` (${r.kernels.reason})` : ''}`
}

/** The backend in use, always visible in the header; links to the Device panel. */
export function BackendBadge() {
  const report = useDeviceReport()
  const label =
    report.status === 'ready' ? badgeLabel(report.data) : report.status === 'loading' ? 'probing…' : 'backend ?'
  return (
    <Tooltip label={report.status === 'ready' ? tooltip(report.data) : 'TensorFlow.js backend'}>
      <Badge component="a" href="#/device" variant="light" size="lg" data-testid="backend-badge">
        {label}
      </Badge>
    </Tooltip>
  )
}
