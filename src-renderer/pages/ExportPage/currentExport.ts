import { useSyncExternalStore } from 'react'
import type { ExportFinished, ExportProgressEvent } from '../../../src-shared/contract/exports'
import { studio, unwrap } from '../../studio'

export interface CurrentExport {
  exportId: string
  /** what is being exported, e.g. "16 images from Tiny faces" */
  title: string
  /** the destination folder's name */
  folder: string
  progress: ExportProgressEvent | null
  finished: ExportFinished | null
  cancelling: boolean
  cancelError: string | null
}

/**
 * The export this window started last, kept outside React so its progress and outcome survive
 * leaving the Export page and coming back.
 */
let current: CurrentExport | null = null
/** Outcomes that arrived before their start call returned (a tiny export can finish that fast). */
const earlyOutcomes = new Map<string, ExportFinished>()
const listeners = new Set<() => void>()
let listening = false

function set(next: CurrentExport | null): void {
  current = next
  for (const listener of listeners) listener()
}

function listen(): void {
  if (listening) return
  listening = true
  studio.on('exports.progress', (progress) => {
    if (current?.exportId === progress.exportId && !current.finished) set({ ...current, progress })
  })
  studio.on('exports.finished', (finished) => {
    if (current?.exportId === finished.exportId) set({ ...current, finished, cancelling: false })
    else earlyOutcomes.set(finished.exportId, finished)
  })
}

function subscribe(listener: () => void): () => void {
  listen()
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function useCurrentExport(): CurrentExport | null {
  return useSyncExternalStore(subscribe, () => current)
}

export function trackExport(exportId: string, title: string, folder: string): void {
  listen()
  const finished = earlyOutcomes.get(exportId) ?? null
  earlyOutcomes.clear()
  set({ exportId, title, folder, progress: null, finished, cancelling: false, cancelError: null })
}

export function isRunning(entry: CurrentExport | null): boolean {
  return entry !== null && entry.finished === null
}

export async function cancelCurrentExport(): Promise<void> {
  const entry = current
  if (!entry || entry.finished) return
  set({ ...entry, cancelling: true, cancelError: null })
  try {
    // not cancelled means it had already ended: its exports.finished event settles the entry
    await unwrap(studio.exports.cancel({ exportId: entry.exportId }))
  } catch (error) {
    if (current?.exportId === entry.exportId)
      set({ ...current, cancelling: false, cancelError: (error as Error).message })
  }
}

export function dismissCurrentExport(): void {
  set(null)
}
