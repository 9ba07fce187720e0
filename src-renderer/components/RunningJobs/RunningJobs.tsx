import { Button, Loader, Menu, Text } from '@mantine/core'
import { useRunningImports } from '../../pages/DatasetsPage/runningImports'
import { isRunning, useCurrentExport } from '../../pages/ExportPage/currentExport'
import { useRuns } from '../../pages/RunsPage/useRuns'

interface Job {
  key: string
  label: string
  detail: string
  href: string
}

/** The jobs in flight (training runs, this window's export, imports), on every page; each links to where it is watched. */
export function RunningJobs() {
  const runs = useRuns()
  const currentExport = useCurrentExport()
  const imports = useRunningImports()

  const jobs: Job[] = [
    ...(runs.status === 'ready' ? runs.runs : [])
      .filter((run) => run.status === 'running' || run.status === 'queued')
      .map((run) => ({
        key: `run-${run.id}`,
        label: run.name,
        detail: `${run.status === 'queued' ? 'queued' : 'training'} · epoch ${run.epoch} / ${run.epochs}`,
        href: `#/runs/${run.id}`,
      })),
    ...(currentExport && isRunning(currentExport)
      ? [
          {
            key: `export-${currentExport.exportId}`,
            label: currentExport.title,
            detail: currentExport.progress ? `exporting · ${currentExport.progress.phase}` : 'exporting',
            href: '#/export',
          },
        ]
      : []),
    ...imports.map((entry) => ({
      key: `import-${entry.importId}`,
      label: entry.name ?? 'A dataset',
      detail: 'importing',
      href: '#/datasets',
    })),
  ]
  if (jobs.length === 0) return null

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="light" size="compact-md" leftSection={<Loader size={12} />} data-testid="running-jobs">
          {jobs.length} running
        </Button>
      </Menu.Target>
      <Menu.Dropdown aria-label="Running jobs">
        {jobs.map((job) => (
          <Menu.Item key={job.key} component="a" href={job.href}>
            <Text size="sm" fw={500}>
              {job.label}
            </Text>
            <Text size="xs" c="dimmed">
              {job.detail}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
