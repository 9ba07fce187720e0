import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventChannel } from '../../src-shared/contract/channels'
import type { RunSummary } from '../../src-shared/contract/runs'
import { writeDemoFaces } from './datasets/demo-faces'
import { cliProcess as runCliProcess } from '../cli/cli-process'
import { Studio } from './studio'

let root: string
let dataDir: string
/** The studio `serve` would hold: in this process; the others are real separate processes on the same data folder. */
let studio: Studio
const events: { channel: EventChannel; payload: unknown }[] = []

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'studio-owner-'))
  dataDir = join(root, 'data')
  studio = new Studio({
    dataDir,
    mode: 'browser',
    probeBackends: async () => ({ backend: 'cpu', device: 'test', unavailable: [], versions: {} }),
  })
  studio.hub.subscribe((channel, payload) => events.push({ channel, payload }))
  await writeDemoFaces(join(root, 'faces'), { count: 48, seed: 5 })
  await studio.datasets.runImport({ sourcePath: join(root, 'faces'), sourceLabel: 'faces', name: 'Faces', sizes: [32] })
}, 120_000)
afterAll(() => {
  studio.close()
  rmSync(root, { recursive: true, force: true })
})

const cliProcess = (...args: string[]) => runCliProcess(dataDir, args)

async function until(condition: () => boolean, timeoutMs = 180_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const changesOf = (runId: number) =>
  events.flatMap(({ channel, payload }) =>
    channel === 'runs.changed' && (payload as RunSummary).id === runId ? [payload as RunSummary] : [],
  )
const stepsSeen = (runId: number) =>
  events.flatMap(({ channel, payload }) =>
    channel === 'runs.steps' && (payload as { runId: number }).runId === runId
      ? (payload as { steps: { step: number }[] }).steps.map((step) => step.step)
      : [],
  )

describe('one owner per run, across processes', () => {
  it('a run trained by another process is live here; a second resume is refused naming its owner; pause, resume and stop reach it', async () => {
    const trainer = cliProcess('train', '--dataset', 'Faces', '--preset', 'quick', '--epochs', '200', '--seed', '3')
    // Nothing but the watcher tells this studio about the run: it learns of it from the events alone.
    await until(() =>
      events.some(({ channel, payload }) => channel === 'runs.changed' && (payload as RunSummary).status === 'running'),
    )
    const runId = (events.find(({ channel }) => channel === 'runs.changed')!.payload as RunSummary).id
    await until(() => stepsSeen(runId).length >= 3)
    const seen = stepsSeen(runId)
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, index) => index + 1))

    const second = await cliProcess('resume', String(runId)).exited
    expect(second.code).toBe(1)
    const refusal = (JSON.parse(second.stdout) as { error: { code: string; message: string } }).error
    expect(refusal.code).toBe('CONFLICT')
    expect(refusal.message).toMatch(
      new RegExp(
        `^Run ${runId} is being trained by another studio: process ${trainer.child.pid} on ${hostname()} since \\d{4}-\\d\\d-\\d\\dT.*last heartbeat \\d+ s ago`,
      ),
    )
    expect(() => studio.runs.resume(runId)).toThrow(`process ${trainer.child.pid}`)

    studio.runs.pause(runId)
    await until(() => changesOf(runId).at(-1)?.status === 'paused', 60_000)
    const pausedAt = studio.runs.get(runId).step
    studio.runs.resume(runId)
    await until(() => studio.runs.get(runId).step > pausedAt, 60_000)
    studio.runs.stop(runId)
    const { code } = await trainer.exited
    expect(code).toBe(0)
    expect(studio.runs.get(runId).status).toBe('stopped')
    await until(() => changesOf(runId).at(-1)?.status === 'stopped', 5_000)
  }, 300_000)

  it('a killed owner is found dead by its process and the run shows interrupted', async () => {
    const [run] = studio.runs.list()
    const owner = cliProcess('resume', String(run!.id))
    await until(() => studio.runs.get(run!.id).status === 'running' && stepsSeen(run!.id).length > 0)
    owner.child.kill('SIGKILL')
    await owner.exited
    await until(() => changesOf(run!.id).at(-1)?.status === 'interrupted', 15_000)
    expect(studio.runs.get(run!.id)).toMatchObject({
      status: 'interrupted',
      statusReason: expect.stringMatching(/resume continues from the last checkpoint/),
    })

    // What a kill during a checkpoint write leaves: removed once the run is taken again, the checkpoints kept.
    const checkpointsDir = join(dataDir, 'checkpoints', `run-${run!.id}`)
    const leftover = join(checkpointsDir, '.tmp-step-000000999-0badf00d')
    mkdirSync(leftover)
    writeFileSync(join(leftover, 'tensors.bin'), 'half written')
    const checkpointsBefore = readdirSync(checkpointsDir).filter((name) => name.startsWith('step-'))
    studio.runs.resume(run!.id)
    expect(existsSync(leftover)).toBe(false)
    expect(readdirSync(checkpointsDir).filter((name) => name.startsWith('step-'))).toEqual(
      expect.arrayContaining(checkpointsBefore),
    )
    studio.runs.stop(run!.id)
    expect(await studio.runs.whenDone(run!.id)).toMatchObject({ status: 'stopped' })
  }, 300_000)

  it('a run paused in this studio cannot be resumed by another process: it names this one', async () => {
    const datasetId = studio.datasets.list()[0]!.id
    const run = studio.runs.create({ datasetId, preset: 'quick', epochs: 200, seed: 4 })
    await until(() => studio.runs.get(run.id).step > 0)
    studio.runs.pause(run.id)
    await until(() => studio.runs.get(run.id).status === 'paused', 60_000)
    const second = await cliProcess('resume', String(run.id)).exited
    expect(second.code).toBe(1)
    expect(JSON.parse(second.stdout)).toMatchObject({
      error: { code: 'CONFLICT', message: expect.stringContaining(`process ${process.pid} on ${hostname()}`) },
    })
    expect(studio.runs.get(run.id).status).toBe('paused')
    studio.runs.stop(run.id)
    await studio.runs.whenDone(run.id)
  }, 300_000)
})
