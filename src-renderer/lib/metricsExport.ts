import type { RunHistory } from '../../src-shared/contract/runs'

type Metrics = Omit<RunHistory, 'totalSteps' | 'downsampled'>
type ReadRange = (fromStep: number, toStep: number, maxPoints: number) => Promise<RunHistory>

/** The most steps one read returns at full resolution (the contract's cap on maxPoints). */
export const STEPS_PER_READ = 20_000
const COLUMNS = [
  ['step', 'step'],
  ['epoch', 'epoch'],
  ['training_seconds', 'seconds'],
  ['d_loss', 'dLoss'],
  ['g_loss', 'gLoss'],
  ['d_real', 'dReal'],
  ['d_fake', 'dFake'],
] as const satisfies readonly (readonly [string, keyof Metrics])[]

/**
 * Every step of a run, not the downsampled curve the plot draws: read in ranges of STEPS_PER_READ steps,
 * each small enough to come back whole.
 */
export async function readAllMetrics(lastStep: number, read: ReadRange): Promise<Metrics> {
  const all: Metrics = { step: [], epoch: [], seconds: [], dLoss: [], gLoss: [], dReal: [], dFake: [] }
  for (let from = 0; from <= lastStep; from += STEPS_PER_READ) {
    const part = await read(from, from + STEPS_PER_READ - 1, STEPS_PER_READ)
    for (const [, key] of COLUMNS) all[key].push(...part[key])
  }
  return all
}

export function metricsCsv(metrics: Metrics): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')]
  for (let index = 0; index < metrics.step.length; index++)
    lines.push(COLUMNS.map(([, key]) => String(metrics[key][index])).join(','))
  return `${lines.join('\n')}\n`
}

/** One object per step, with the same names as the CSV's columns. */
export function metricsJson(run: { id: number; name: string }, metrics: Metrics): string {
  const steps = metrics.step.map((_, index) =>
    Object.fromEntries(COLUMNS.map(([name, key]) => [name, metrics[key][index]])),
  )
  return JSON.stringify({ run, steps }, null, 1)
}

/** Saves text as a file through the browser's own download (the desktop app's window does the same). */
export function saveText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** A file name from a run's name: letters, digits, dots, dashes and underscores only. */
export const metricsFileName = (run: { id: number; name: string }, extension: string) =>
  `run-${run.id}-${
    run.name
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'metrics'
  }-metrics.${extension}`
