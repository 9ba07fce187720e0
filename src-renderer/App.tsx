import {
  ActionIcon,
  AppShell,
  Burger,
  Group,
  MantineProvider,
  NavLink,
  Text,
  Title,
  Tooltip,
  useMantineColorScheme,
} from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { Notifications } from '@mantine/notifications'
import { useState } from 'react'
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
  // Narrow windows start with the sections hidden; wider ones keep the user's choice across reloads.
  const [mobileOpened, setMobileOpened] = useState(false)
  const [desktopOpened, setDesktopOpened] = useLocalStorage({
    key: 'dcgan-studio.sidebar',
    defaultValue: true,
    getInitialValueInEffect: false,
  })
  const sectionsToggle = (
    opened: boolean,
    toggle: () => void,
    visibility: { hiddenFrom?: 'sm'; visibleFrom?: 'sm' },
  ) => (
    <Burger
      opened={opened}
      onClick={toggle}
      size="sm"
      aria-label={opened ? 'Hide the sections' : 'Show the sections'}
      aria-expanded={opened}
      aria-controls="sections"
      {...visibility}
    />
  )
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !mobileOpened, desktop: !desktopOpened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            {sectionsToggle(mobileOpened, () => setMobileOpened((value) => !value), { hiddenFrom: 'sm' })}
            {sectionsToggle(desktopOpened, () => setDesktopOpened((value) => !value), { visibleFrom: 'sm' })}
            <Title order={3} style={{ whiteSpace: 'nowrap' }}>
              DCGAN Studio
            </Title>
            <Text c="dimmed" size="sm" visibleFrom="md" truncate>
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
      <AppShell.Navbar p="xs" aria-label="Sections" id="sections">
        {ROUTES.map((candidate) => (
          <NavLink
            key={candidate.path}
            href={`#/${candidate.path}`}
            onClick={() => setMobileOpened(false)}
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
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={`Switch to ${next} theme`}
        onClick={() => setColorScheme(next)}
      >
        {colorScheme === 'dark' ? '☀' : '☾'}
      </ActionIcon>
    </Tooltip>
  )
}
