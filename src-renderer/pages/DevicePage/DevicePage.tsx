import { Badge, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core'
import { ErrorNotice } from '../../components/ErrorNotice/ErrorNotice'
import { useDeviceReport } from '../../hooks/useDeviceReport'

const SPEED_ORDER = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const

export function DevicePage() {
  const report = useDeviceReport()
  if (report.status === 'loading') return <Loader aria-label="Probing backends" />
  if (report.status === 'error') return <ErrorNotice error={report.error} onRetry={report.reload} />
  const { backend, device, unavailable, versions, threads, kernels } = report.data
  return (
    <Stack maw={760}>
      <Title order={2}>Device</Title>
      <Card withBorder>
        <Group>
          <Text fw={600}>Backend in use</Text>
          <Badge size="lg" data-testid="device-backend">
            {backend}
          </Badge>
        </Group>
        <Text mt="xs" data-testid="device-name">
          {device}
          {threads ? ` · ${threads} thread${threads === 1 ? '' : 's'}` : ''}
        </Text>
        {kernels && (
          <Text mt="xs" size="sm" data-testid="device-kernels">
            Convolutions and matmul: {kernels.label}
            {kernels.reason ? ` (${kernels.reason})` : ''}
          </Text>
        )}
      </Card>
      <Card withBorder>
        <Text fw={600} mb="xs">
          Faster backends, in order of preference
        </Text>
        <Table>
          <Table.Tbody>
            {SPEED_ORDER.slice(0, SPEED_ORDER.indexOf(backend)).map((name) => (
              <Table.Tr key={name}>
                <Table.Td w={120}>{name}</Table.Td>
                <Table.Td data-testid={`unavailable-${name}`}>
                  {unavailable.find((entry) => entry.backend === name)?.reason ?? 'not tried'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {backend === 'tensorflow' && <Text c="dimmed">This is the fastest backend.</Text>}
      </Card>
      <Card withBorder>
        <Text fw={600} mb="xs">
          Versions
        </Text>
        {Object.entries(versions).map(([name, version]) => (
          <Text key={name} size="sm" ff="monospace">
            {name} {version}
          </Text>
        ))}
      </Card>
    </Stack>
  )
}
