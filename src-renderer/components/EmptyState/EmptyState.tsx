import { Center, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Center mih={320}>
      <Stack align="center" gap="xs" maw={520} ta="center">
        <Title order={3}>{title}</Title>
        <Text c="dimmed">{children}</Text>
        {action}
      </Stack>
    </Center>
  )
}
