import { Center, Group, Loader, Text } from '@mantine/core'

/** A spinner that says what is loading; `compact` for inside cards and dialogs. */
export function LoadingState({ label, compact = false }: { label: string; compact?: boolean }) {
  return (
    <Center mih={compact ? undefined : 240} py={compact ? 'xs' : undefined} role="status">
      <Group gap="xs">
        <Loader size={compact ? 'xs' : 'sm'} />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Group>
    </Center>
  )
}
