import { Badge, Card, Group, Switch, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { flattenConfig } from '../../../lib/flattenConfig'
import { segmentsText } from '../../../lib/segmentText'
import { RUN_COLORS, type ComparedRun } from '../useCompareData'

/**
 * One row per setting (the flattened config the run started with, plus dataset, preset, epochs and backend) and one
 * for what each resume changed (the run's segments); rows that differ are highlighted.
 */
export function HyperparameterTable({ runs }: { runs: readonly ComparedRun[] }) {
  const [onlyDiffering, setOnlyDiffering] = useState(false)
  const columns = runs.map(({ detail }) => ({
    dataset: detail.datasetName,
    preset: detail.preset,
    epochs: String(detail.epochs),
    backend: detail.backend ?? '—',
    ...flattenConfig(detail.config),
    // a run that never set D's learning rate trained D at G's
    'optimizer.dLr': String(detail.hyperparameters.dLearningRate ?? '—'),
    'changed when resumed': segmentsText(detail.segments) ?? '—',
  }))
  const keys = [...new Set(columns.flatMap((column) => Object.keys(column)))]
  const rows = keys.map((key) => {
    const values = columns.map((column) => (column as Record<string, string>)[key] ?? '—')
    return { key, values, differs: new Set(values).size > 1 }
  })
  const differing = rows.filter((row) => row.differs).length
  const shown = onlyDiffering ? rows.filter((row) => row.differs) : rows

  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={4}>Settings</Title>
          <Badge variant="light" color={differing > 0 ? 'yellow' : 'gray'}>
            {differing === 0 ? 'all the same' : `${differing} differ`}
          </Badge>
        </Group>
        <Switch
          size="sm"
          label="Only what differs"
          checked={onlyDiffering}
          onChange={(event) => setOnlyDiffering(event.currentTarget.checked)}
        />
      </Group>
      <Table.ScrollContainer minWidth={480}>
        <Table fz="sm" verticalSpacing={4} data-testid="compare-settings">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Setting</Table.Th>
              {runs.map(({ detail }, index) => (
                <Table.Th key={detail.id} style={{ color: RUN_COLORS[index % RUN_COLORS.length] }}>
                  #{detail.id} {detail.name}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((row) => (
              <Table.Tr
                key={row.key}
                data-testid={row.differs ? 'differs' : undefined}
                bg={row.differs ? 'var(--mantine-color-yellow-light)' : undefined}
                fw={row.differs ? 600 : undefined}
              >
                <Table.Td c="dimmed">{row.key}</Table.Td>
                {row.values.map((value, index) => (
                  <Table.Td key={index} style={{ overflowWrap: 'anywhere' }}>
                    {value}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {shown.length === 0 && (
        <Text size="sm" c="dimmed">
          Every setting is the same.
        </Text>
      )}
    </Card>
  )
}
