import { Alert, Card, Stack, Text, Title } from '@mantine/core'
import type { HealthItem, HealthKind } from '../../../../src-shared/contract/health'
import type { RunSummary } from '../../../../src-shared/contract/runs'

/** What each finding is called on the page, in a hobbyist's words. */
const TITLES: Record<HealthKind, string> = {
  collapse: 'The faces have stopped varying',
  'discriminator-won': 'The discriminator has won',
  'generator-won': 'The generator fools the discriminator completely',
  memorisation: 'Some faces copy training photos',
  overfitting: 'The discriminator knows the photos by heart',
}

/** Memorisation can leak a real person's photo: it is the one finding shown as more than a warning. */
const colorOf = (kind: HealthKind) => (kind === 'memorisation' ? 'red' : 'yellow')

function Finding({ item }: { item: HealthItem }) {
  return (
    <Alert
      color={colorOf(item.kind)}
      title={`${TITLES[item.kind]} (since epoch ${item.since})`}
      data-testid={`health-${item.kind}`}
    >
      <Stack gap={4}>
        <Text size="sm">{item.evidence}</Text>
        <Text size="sm" fw={500}>
          What to do: {item.advice}
        </Text>
      </Stack>
    </Alert>
  )
}

/** How the training is going, in plain words: what the last epoch's checks found, each with its figures and one suggestion. */
export function HealthPanel({ run }: { run: RunSummary }) {
  return (
    <Card withBorder padding="md" data-testid="health-panel">
      <Stack gap="xs">
        <Title order={4}>Training health</Title>
        {run.health.length > 0 ? (
          run.health.map((item) => <Finding key={item.kind} item={item} />)
        ) : (
          <Text size="sm">
            {run.epoch === 0
              ? 'Checked after every epoch, from the first one on.'
              : 'No problems seen: the faces vary, none copies a training photo, and the two networks are still teaching each other.'}
          </Text>
        )}
      </Stack>
    </Card>
  )
}
