import { Badge, Button, Loader, ScrollArea, Stack, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { useStudioQuery } from '../../../hooks/useStudioQuery'
import { studio } from '../../../studio'
import { plural } from '../../../lib/quantityText'
import { rejectionLabel } from '../datasetText'

// A folder can reject thousands of files; rendering them all at once would stall the page.
const FIRST_ROWS = 500

/** Every file the import left out, with the reason in words. */
export function RejectedFilesTable({ datasetId }: { datasetId: number }) {
  const issues = useStudioQuery(() => studio.datasets.issues({ datasetId }), [datasetId])
  const [showAll, setShowAll] = useState(false)
  return (
    <Stack gap="xs">
      <Title order={3}>Rejected files</Title>
      {issues.status === 'loading' && <Loader size="sm" aria-label="Loading rejected files" />}
      {issues.status === 'error' && <ErrorNotice error={issues.error} onRetry={issues.reload} />}
      {issues.status === 'ready' &&
        (issues.data.length === 0 ? (
          <Text c="dimmed" size="sm">
            None: every file in the folder was imported.
          </Text>
        ) : (
          <>
            <ScrollArea.Autosize mah={480}>
              <Table data-testid="rejected-files" striped stickyHeader verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>File</Table.Th>
                    <Table.Th>Reason</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(showAll ? issues.data : issues.data.slice(0, FIRST_ROWS)).map((issue, index) => (
                    <Table.Tr key={index}>
                      <Table.Td ff="monospace" fz="sm" style={{ overflowWrap: 'anywhere' }}>
                        {issue.file}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color="red" size="sm" mr="xs">
                          {rejectionLabel(issue.code)}
                        </Badge>
                        <Text span size="sm">
                          {issue.message}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            {!showAll && issues.data.length > FIRST_ROWS && (
              <Button variant="subtle" size="xs" onClick={() => setShowAll(true)} style={{ alignSelf: 'flex-start' }}>
                Show all {plural(issues.data.length, 'rejected file')}
              </Button>
            )}
          </>
        ))}
    </Stack>
  )
}
