import { ActionIcon, AppShell, Group, MantineProvider, NavLink, Text, Title, Tooltip, useMantineColorScheme } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { BackendBadge } from './components/BackendBadge/BackendBadge'
import { RunningJobs } from './components/RunningJobs/RunningJobs'
import { useHashRoute } from './hooks/useHashRoute'
import { ROUTES } from './routes'
import { theme } from './theme'

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications />
      <Shell />
    </MantineProvider>
  )
}

function Shell() {
  const [section = 'datasets'] = useHashRoute()
  const route = ROUTES.find((candidate) => candidate.path === section) ?? ROUTES[0]!
  const Page = route.page
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'xs' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Title order={3}>DCGAN Studio</Title>
            <Text c="dimmed" size="sm">
              train GANs on your own photos
            </Text>
          </Group>
          <Group gap="sm">
            <RunningJobs />
            <BackendBadge />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Sections">
        {ROUTES.map((candidate) => (
          <NavLink
            key={candidate.path}
            href={`#/${candidate.path}`}
            label={candidate.label}
            active={candidate === route}
            aria-current={candidate === route ? 'page' : undefined}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Page />
      </AppShell.Main>
    </AppShell>
  )
}

function ColorSchemeToggle() {
  const { colorScheme, setColorScheme } = useMantineColorScheme()
  const next = colorScheme === 'dark' ? 'light' : 'dark'
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon variant="default" size="lg" aria-label={`Switch to ${next} theme`} onClick={() => setColorScheme(next)}>
        {colorScheme === 'dark' ? '☀' : '☾'}
      </ActionIcon>
    </Tooltip>
  )
}
