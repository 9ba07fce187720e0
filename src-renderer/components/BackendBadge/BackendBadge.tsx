import { Badge, Tooltip } from '@mantine/core'
import { useDeviceReport } from '../../hooks/useDeviceReport'

/** The backend in use, always visible in the header; links to the Device panel. */
export function BackendBadge() {
  const report = useDeviceReport()
  const label = report.status === 'ready' ? report.data.backend : report.status === 'loading' ? 'probing…' : 'backend ?'
  return (
    <Tooltip label={report.status === 'ready' ? report.data.device : 'TensorFlow.js backend'}>
      <Badge component="a" href="#/device" variant="light" size="lg" data-testid="backend-badge">
        {label}
      </Badge>
    </Tooltip>
  )
}
