import { Alert, Button, Card, Code, Group, List, Progress, Stack, Text } from '@mantine/core'
import { bytesLabel, plural } from '../../../lib/quantityText'
import { studio } from '../../../studio'
import { cancelCurrentExport, dismissCurrentExport, type CurrentExport } from '../currentExport'

const PHASE_LABELS = {
  loading: 'Loading the generator',
  generating: 'Generating',
  encoding: 'Encoding',
  writing: 'Writing the files',
} as const
const FILES_SHOWN = 8

/** The running export with its progress and Cancel, or how it ended: what was written where, or why nothing was. */
export function ExportStatus({ entry }: { entry: CurrentExport }) {
  return entry.finished ? <ExportOutcome entry={entry} finished={entry.finished} /> : <ExportProgress entry={entry} />
}

function ExportProgress({ entry }: { entry: CurrentExport }) {
  const { progress } = entry
  const knownTotal = progress !== null && progress.total > 0
  return (
    <Card withBorder padding="sm" data-testid="export-progress" aria-live="polite">
      <Group justify="space-between" wrap="nowrap" mb={6}>
        <Text fw={600} truncate>
          Exporting {entry.title}
          <Text span c="dimmed" fw={400} ml="xs">
            {entry.cancelling ? 'cancelling…' : progress ? PHASE_LABELS[progress.phase] : 'starting…'}
          </Text>
        </Text>
        <Button size="xs" variant="default" loading={entry.cancelling} onClick={() => void cancelCurrentExport()}>
          Cancel
        </Button>
      </Group>
      <Progress
        value={knownTotal ? (100 * progress.done) / progress.total : 100}
        animated={!knownTotal}
        aria-label="Export progress"
      />
      {knownTotal && (
        <Text size="sm" ff="monospace" mt={6}>
          {progress.done.toLocaleString()} / {progress.total.toLocaleString()}
        </Text>
      )}
      {entry.cancelError && (
        <Text size="sm" c="red" mt={6}>
          Could not cancel: {entry.cancelError}
        </Text>
      )}
    </Card>
  )
}

function ExportOutcome({
  entry,
  finished,
}: {
  entry: CurrentExport
  finished: NonNullable<CurrentExport['finished']>
}) {
  const dismiss = (
    <Button size="xs" variant="subtle" color="gray" onClick={dismissCurrentExport}>
      Dismiss
    </Button>
  )
  if (finished.outcome !== 'exported') {
    return (
      <Alert
        color={finished.outcome === 'cancelled' ? 'gray' : 'red'}
        title={finished.outcome === 'cancelled' ? 'Export cancelled' : 'Export failed'}
        data-testid="export-result"
        role="alert"
      >
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{finished.message}</Text>
          {dismiss}
        </Stack>
      </Alert>
    )
  }
  const extra = finished.files.length - FILES_SHOWN
  // browser mode: the studio may be another machine, so the export comes home over the bridge (a folder as a zip)
  const downloadUrl = studio.downloadUrl?.(finished.exportId)
  const isFolder = finished.files.some((file) => file !== finished.output)
  return (
    <Alert color="teal" title={`Exported ${entry.title}`} data-testid="export-result">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {plural(finished.files.length, 'file')} ({bytesLabel(finished.bytes)}) in <Code>{entry.folder}</Code> as{' '}
          <Code data-testid="export-output">{finished.output}</Code>
        </Text>
        <List size="sm" spacing={2}>
          {finished.files.slice(0, FILES_SHOWN).map((file) => (
            <List.Item key={file}>
              <Code>{file}</Code>
            </List.Item>
          ))}
          {extra > 0 && <List.Item>and {plural(extra, 'more file')}</List.Item>}
        </List>
        <Group gap="xs">
          {downloadUrl && (
            <Button component="a" href={downloadUrl} download size="xs" data-testid="export-download">
              {isFolder ? 'Download as zip' : 'Download'}
            </Button>
          )}
          {dismiss}
        </Group>
      </Stack>
    </Alert>
  )
}
