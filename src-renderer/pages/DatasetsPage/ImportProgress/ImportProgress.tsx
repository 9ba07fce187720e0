import { Button, Card, Group, Progress, Stack, Text } from '@mantine/core'
import { durationLabel } from '../../../lib/quantityText'
import { cancelImport, useRunningImports, type RunningImport } from '../runningImports'

const PHASE_LABELS = {
  scanning: 'Scanning the folder',
  decoding: 'Decoding images',
  writing: 'Writing the dataset',
} as const

/** Every import in flight, with its progress and a Cancel button; renders nothing when none is running. */
export function ImportProgress() {
  const imports = useRunningImports()
  if (imports.length === 0) return null
  return (
    <Stack gap="xs" data-testid="import-progress" aria-live="polite">
      {imports.map((entry) => (
        <RunningImportCard key={entry.importId} entry={entry} />
      ))}
    </Stack>
  )
}

function RunningImportCard({ entry }: { entry: RunningImport }) {
  const { progress } = entry
  const knownTotal = progress !== null && progress.total > 0
  const percent = knownTotal ? (100 * progress.done) / progress.total : 100
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" wrap="nowrap" mb={6}>
        <Text fw={600} truncate>
          {entry.name ? `Importing "${entry.name}"` : 'Importing a dataset'}
          <Text span c="dimmed" fw={400} ml="xs">
            {entry.cancelling ? 'cancelling…' : progress ? PHASE_LABELS[progress.phase] : 'starting…'}
          </Text>
        </Text>
        <Button
          size="xs"
          variant="default"
          loading={entry.cancelling}
          onClick={() => void cancelImport(entry.importId)}
        >
          Cancel
        </Button>
      </Group>
      <Progress
        value={percent}
        animated={!knownTotal}
        aria-label={entry.name ? `Import progress for ${entry.name}` : 'Import progress'}
      />
      {progress && (
        <Group gap="md" mt={6}>
          <Text size="sm" ff="monospace">
            {progress.done.toLocaleString()} / {knownTotal ? progress.total.toLocaleString() : '?'}
          </Text>
          {progress.done > 0 && (
            <Text size="sm" c="dimmed">
              {progress.rate.toFixed(1)} img/s
            </Text>
          )}
          <Text size="sm" c="dimmed">
            {progress.etaSeconds === null
              ? 'estimating time left…'
              : `about ${durationLabel(progress.etaSeconds)} left`}
          </Text>
        </Group>
      )}
    </Card>
  )
}
