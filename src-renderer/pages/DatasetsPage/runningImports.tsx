import { Anchor, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useSyncExternalStore } from 'react'
import type { ImportFinished, ImportProgress } from '../../../src-shared/contract/datasets'
import { studio } from '../../studio'

export interface RunningImport {
  importId: string
  /** The dataset's name when this window started the import; imports started elsewhere (the CLI, another tab) have none. */
  name: string | null
  progress: ImportProgress | null
  cancelling: boolean
}

/**
 * Imports in flight, kept outside React so that progress and the finished notification survive leaving the
 * Datasets page. Every import is shown, including those started from the CLI or another browser tab.
 */
let running: readonly RunningImport[] = []
const finishedIds = new Set<string>()
const listeners = new Set<() => void>()
let listening = false

function update(importId: string, change: (current: RunningImport) => RunningImport): void {
  const current = running.find((entry) => entry.importId === importId)
  running = current
    ? running.map((entry) => (entry === current ? change(entry) : entry))
    : [...running, change({ importId, name: null, progress: null, cancelling: false })]
  for (const listener of listeners) listener()
}

function remove(importId: string): RunningImport | undefined {
  const entry = running.find((candidate) => candidate.importId === importId)
  running = running.filter((candidate) => candidate !== entry)
  for (const listener of listeners) listener()
  return entry
}

function listen(): void {
  if (listening) return
  listening = true
  studio.on('import.progress', (progress) => {
    if (!finishedIds.has(progress.importId)) update(progress.importId, (current) => ({ ...current, progress }))
  })
  studio.on('import.finished', (finished) => {
    finishedIds.add(finished.importId)
    notifyFinished(finished, remove(finished.importId)?.name ?? null)
  })
}

function subscribe(listener: () => void): () => void {
  listen()
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function useRunningImports(): readonly RunningImport[] {
  return useSyncExternalStore(subscribe, () => running)
}

/** Shows an import this window started straight away, before its first progress event. */
export function trackImport(importId: string, name: string): void {
  listen()
  // A tiny import can finish before its start call has even returned.
  if (!finishedIds.has(importId)) update(importId, (current) => ({ ...current, name }))
}

export async function cancelImport(importId: string): Promise<void> {
  update(importId, (current) => ({ ...current, cancelling: true }))
  const reply = await studio.datasets.cancelImport({ importId })
  // Not cancelled means it had already ended: its import.finished event settles the entry.
  if (!reply.ok) {
    update(importId, (current) => ({ ...current, cancelling: false }))
    notifications.show({ color: 'red', title: 'Could not cancel the import', message: reply.error.message })
  }
}

function notifyFinished(finished: ImportFinished, name: string | null): void {
  const title = {
    imported: name ? `Imported "${name}"` : 'Import finished',
    cancelled: 'Import cancelled',
    failed: name ? `Importing "${name}" failed` : 'Import failed',
  }[finished.outcome]
  notifications.show({
    color: { imported: 'teal', cancelled: 'gray', failed: 'red' }[finished.outcome],
    title,
    // a failure stays longer, so its reason can be read; every toast has its close button
    autoClose: finished.outcome === 'failed' ? 20_000 : 8000,
    withCloseButton: true,
    message: (
      <Stack gap={4}>
        <Text size="sm">{finished.message}</Text>
        {finished.datasetId !== null && (
          <Anchor href={`#/datasets/${finished.datasetId}`} size="sm">
            Open the dataset
          </Anchor>
        )}
      </Stack>
    ),
  })
}
