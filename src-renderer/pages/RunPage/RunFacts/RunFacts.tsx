import { Anchor, Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import type { RunDetail, RunSegment } from '../../../../src-shared/contract/runs'
import { flattenConfig } from '../../../lib/flattenConfig'
import { bytesLabel } from '../../../lib/quantityText'
import { segmentChanges } from '../../../lib/segmentText'
import { dateLabel } from '../../RunsPage/runText'
import { CheckpointTable } from './CheckpointTable'
import { RunNotes } from './RunNotes'

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <Table withRowBorders={false} verticalSpacing={2} fz="sm">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Td c="dimmed" w="45%">
              {label}
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function TrainedImages({ run }: { run: RunDetail }) {
  return (
    <>
      {run.imageCount.toLocaleString()}
      {run.datasetChanged && (
        <Text size="xs" c="dimmed">
          The dataset has changed since this run started; the run keeps training on the images it started with.
        </Text>
      )}
    </>
  )
}

/** What changed at each resume (the table above is what the run started with). */
function Segments({ segments }: { segments: RunSegment[] }) {
  if (segments.length === 0) return null
  return (
    <Stack gap={2} mt="xs">
      <Text size="sm" fw={500}>
        Changed when resumed
      </Text>
      {segments.map((segment) => (
        <Text key={segment.fromStep} size="sm">
          From step {segment.fromStep.toLocaleString()}: {segmentChanges(segment)}
        </Text>
      ))}
    </Stack>
  )
}

/** What the run was trained with and where: settings, dataset, device, versions, checkpoints, disk, notes. */
export function RunFacts({ run }: { run: RunDetail }) {
  const config = flattenConfig(run.config)
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Card withBorder padding="md">
        <Stack gap="xs">
          <Title order={4}>Run</Title>
          <Facts
            rows={[
              [
                'Dataset',
                <Anchor key="dataset" href={`#/datasets/${run.datasetId}`} size="sm">
                  {run.datasetName}
                </Anchor>,
              ],
              ['Images', <TrainedImages key="images" run={run} />],
              ['Preset', run.preset],
              ['Backend', run.backend ?? '—'],
              ['Device', run.device ?? '—'],
              ['Seed', run.seed],
              ['Created', dateLabel(run.createdAt)],
              ['Disk used', bytesLabel(run.diskBytes)],
              ...Object.entries(run.versions).map(([name, version]): [string, ReactNode] => [
                `${name} version`,
                version,
              ]),
            ]}
          />
          <RunNotes key={run.id} run={run} />
        </Stack>
      </Card>
      <Stack>
        <Card withBorder padding="md">
          <Title order={4} mb="xs">
            Hyperparameters
          </Title>
          <Facts rows={Object.entries(config)} />
          <Segments segments={run.segments} />
        </Card>
        <Card withBorder padding="md">
          <Title order={4} mb="xs">
            Checkpoints
          </Title>
          <CheckpointTable run={run} />
        </Card>
      </Stack>
    </SimpleGrid>
  )
}
