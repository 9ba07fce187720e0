/**
 * Reliability figures (issue 12), in the manner of a database's crash-testing table: fuzz frames against the browser
 * bridge while a run trains; kill -9 of a CLI `train`/`resume` (its process group: the CLI and its training worker) at
 * random moments of training and inside checkpoint writes, each followed by `resume`, compared step by step with an
 * uninterrupted run; a second process trying to train a run that has an owner; ENOSPC at every write of an import,
 * an export of each kind and a re-crop; databases that are empty, not SQLite, another application's or truncated.
 *
 *   nice -n 10 npx tsx bench/reliability.ts [--kills 50] [--epochs 45] [--images 8] [--frames 10000] [--only fuzz,kills,conflicts,disk,database] [--json]
 *
 * Runs from source (the CLI through tsx), on the cpu backend, in a temporary data folder it removes at the end.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, watch, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { fuzzConnection, mulberry32, Tally } from '../src-main/bridge/bridge-fuzzer'
import { startBrowserServer } from '../src-main/bridge/browser-server'
import { createDispatcher } from '../src-main/bridge/dispatcher'
import { nextReply, openSocket, signIn } from '../src-main/bridge/test-clients'
import { cliProcess, type CliProcess } from '../src-main/cli/cli-process'
import { writeDemoFaces } from '../src-main/services/datasets/demo-faces'
import { Studio } from '../src-main/services/studio'
import { diskFullSweep, type SweepFigures } from './reliability-disk'

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '50' },
    epochs: { type: 'string', default: '45' },
    images: { type: 'string', default: '8' },
    frames: { type: 'string', default: '10000' },
    only: { type: 'string', default: 'fuzz,kills,conflicts,disk,database' },
    json: { type: 'boolean', default: false },
  },
})
const sections = new Set(values.only.split(','))
const cpuBackend = async () => ({ backend: 'cpu' as const, device: 'bench', unavailable: [], versions: {} })
const root = mkdtempSync(join(tmpdir(), 'studio-reliability-'))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(25)
  }
}

/** A data folder with `--images` demo faces imported at 32 px as "Faces" (8: two steps an epoch, a checkpoint every other step). */
async function dataFolder(name: string): Promise<string> {
  const dataDir = join(root, name)
  const studio = new Studio({ dataDir, mode: 'browser', probeBackends: cpuBackend })
  await writeDemoFaces(join(root, `${name}-faces`), { count: Number(values.images), seed: 3 })
  await studio.datasets.runImport({
    sourcePath: join(root, `${name}-faces`),
    sourceLabel: 'faces',
    name: 'Faces',
    sizes: [32],
  })
  studio.close()
  return dataDir
}

// ---- fuzz

async function fuzz(frames: number) {
  const studio = new Studio({ dataDir: await dataFolder('fuzz'), mode: 'browser', probeBackends: cpuBackend })
  const serverLog: string[] = []
  const server = await startBrowserServer({
    host: '127.0.0.1',
    port: 0,
    rendererDir: root,
    dispatch: createDispatcher(studio.handlers(), (line) => serverLog.push(line)),
    hub: studio.hub,
    media: studio.media,
    log: (line) => serverLog.push(line),
  })
  const cookie = await signIn(server)
  const runId = studio.runs.create({
    datasetId: studio.datasets.list()[0]!.id,
    preset: 'quick',
    epochs: 10_000,
    seed: 1,
    hyperparameters: { batchSize: 4 },
  }).id
  await until(() => studio.runs.get(runId).step > 0, 120_000, 'the run to train')
  const stepBefore = studio.runs.get(runId).step
  const tally = new Tally()
  const started = performance.now()
  await Promise.all(
    Array.from({ length: 4 }, async (_, client) => {
      const random = mulberry32(1000 + client)
      while (tally.frames < frames) await fuzzConnection({ server, cookie, runId }, random, tally)
    }),
  )
  const seconds = (performance.now() - started) / 1000
  // the same server, never restarted, answers a new client; the run trained on through it all
  const ws = await openSocket(server, cookie)
  const reply = nextReply(ws)
  ws.send(JSON.stringify({ type: 'call', id: 1, channel: 'runs.get', args: { runId } }))
  const answered = (await reply).ok
  ws.close()
  const run = studio.runs.get(runId)
  studio.runs.stop(runId)
  await studio.runs.whenDone(runId)
  await server.close()
  studio.close()
  return {
    frames: tally.frames,
    connections: tally.connections,
    seconds,
    answeredAfter: answered,
    restarts: answered ? 0 : 1,
    stepsDuring: run.step - stepBefore,
    stillRunning: run.status === 'running',
    serverErrors: serverLog.length,
  }
}

// ---- kill -9, resume, compare with an uninterrupted run

const EPOCHS = Number(values.epochs)
// the default backend, as `resume` takes it
const TRAIN = ['--preset', 'quick', '--epochs', String(EPOCHS), '--seed', '7', '--batch', '4']

interface StepRow {
  step: number
  d_loss: number
  g_loss: number
  d_real: number
  d_fake: number
}

function readRun(
  dataDir: string,
  runId: number,
): { steps: StepRow[]; status: string; ownerPid: number | null; checkpoint: string | null } {
  const db = new Database(join(dataDir, 'studio.sqlite'), { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    const steps = db
      .prepare('SELECT step, d_loss, g_loss, d_real, d_fake FROM steps WHERE run_id = ? ORDER BY step')
      .all(runId) as StepRow[]
    const { status, ownerPid } = db
      .prepare('SELECT status, owner_pid AS ownerPid FROM runs WHERE id = ?')
      .get(runId) as { status: string; ownerPid: number | null }
    const checkpoint =
      (db.prepare('SELECT folder FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1').pluck().get(runId) as
        string | undefined) ?? null
    return { steps, status, ownerPid, checkpoint }
  } finally {
    db.close()
  }
}

const runIdNamed = (dataDir: string, name: string) => {
  const db = new Database(join(dataDir, 'studio.sqlite'), { readonly: true })
  try {
    return db.prepare('SELECT id FROM runs WHERE name = ?').pluck().get(name) as number | undefined
  } finally {
    db.close()
  }
}

const tensorsHash = (folder: string) =>
  createHash('sha256')
    .update(readFileSync(join(folder, 'tensors.bin')))
    .digest('hex')

/** Every step the run has recorded equals the uninterrupted run's at that step, bit for bit. */
function sameAsReference(steps: readonly StepRow[], reference: ReadonlyMap<number, StepRow>): boolean {
  return steps.every((row) => {
    const expected = reference.get(row.step)
    return (
      expected !== undefined &&
      expected.d_loss === row.d_loss &&
      expected.g_loss === row.g_loss &&
      expected.d_real === row.d_real &&
      expected.d_fake === row.d_fake
    )
  })
}

const killGroup = (process_: CliProcess) => process.kill(-process_.child.pid!, 'SIGKILL')

async function kills(count: number) {
  const dataDir = await dataFolder('kills')
  const referenceDone = await cliProcess(dataDir, ['train', '--dataset', 'Faces', ...TRAIN, '--name', 'reference'])
    .exited
  if (referenceDone.code !== 0) throw new Error(`the uninterrupted run failed: ${referenceDone.stdout}`)
  const referenceId = runIdNamed(dataDir, 'reference')!
  const reference = readRun(dataDir, referenceId)
  const referenceSteps = new Map(reference.steps.map((row) => [row.step, row]))
  const random = mulberry32(42)

  const figures = {
    training: { kills: 0, exact: 0 },
    checkpoint: { kills: 0, exact: 0, tempLeft: 0 },
    resumes: 0,
    conflicts: { tried: 0, refused: 0 },
    races: { tried: 0, oneOwner: 0 },
  }
  let owner = cliProcess(dataDir, ['train', '--dataset', 'Faces', ...TRAIN, '--name', 'killed'], { detached: true })
  await until(() => runIdNamed(dataDir, 'killed') !== undefined, 120_000, 'the run to start')
  const runId = runIdNamed(dataDir, 'killed')!
  const checkpointsDir = join(dataDir, 'checkpoints', `run-${runId}`)
  let furthest = 0
  let ended = false
  const watchEnd = (process_: CliProcess) =>
    void process_.exited.then(({ code }) => process_ === owner && code !== null && (ended = true))
  watchEnd(owner)
  for (let kill = 0; kill < count && !ended; kill++) {
    const atCheckpoint = kill % 2 === 1
    if (atCheckpoint) {
      // kill the moment a checkpoint's temporary folder appears: inside its write
      await until(() => existsSync(checkpointsDir), 120_000, 'the first checkpoint')
      await new Promise<void>((resolve) => {
        const finish = () => {
          watcher.close()
          clearInterval(poll)
          resolve()
        }
        const watcher = watch(checkpointsDir, (_, name) => {
          if (!String(name).startsWith('.tmp-step-')) return
          killGroup(owner)
          finish()
        })
        const poll = setInterval(() => ended && finish(), 100)
      })
    } else {
      // train past the furthest step any process reached, then kill somewhere in a step or a database write
      await until(() => ended || readRun(dataDir, runId).steps.length > furthest, 180_000, 'a new step')
      await sleep(Math.floor(random() * 700))
      killGroup(owner)
    }
    if (ended) break
    await owner.exited
    const after = readRun(dataDir, runId)
    furthest = Math.max(furthest, after.steps.length)
    const exact = sameAsReference(after.steps, referenceSteps)
    const section = atCheckpoint ? figures.checkpoint : figures.training
    section.kills++
    if (exact) section.exact++
    if (
      atCheckpoint &&
      existsSync(checkpointsDir) &&
      readdirSync(checkpointsDir).some((name) => name.startsWith('.tmp-step-'))
    )
      figures.checkpoint.tempLeft++

    if (kill % 10 === 9) {
      // two resumes at once on the killed run: exactly one may take it
      figures.races.tried++
      const [first, second] = [
        cliProcess(dataDir, ['resume', String(runId)], { detached: true }),
        cliProcess(dataDir, ['resume', String(runId)], { detached: true }),
      ]
      const loser = await Promise.race([first.exited.then(() => first), second.exited.then(() => second)])
      owner = loser === first ? second : first
      const refused = (await loser.exited).code === 1 && /"code":\s*"CONFLICT"/.test((await loser.exited).stdout)
      if (refused) figures.races.oneOwner++
    } else {
      owner = cliProcess(dataDir, ['resume', String(runId)], { detached: true })
    }
    watchEnd(owner)
    figures.resumes++
    if (kill % 5 === 2) {
      // a second process tries to resume the run its owner trains
      // (the killed owner left the run `running`: wait until the resumed process has claimed it)
      await until(() => readRun(dataDir, runId).ownerPid === owner.child.pid, 120_000, 'the resumed run')
      figures.conflicts.tried++
      const second = await cliProcess(dataDir, ['resume', String(runId)]).exited
      if (second.code === 1 && /"code":\s*"CONFLICT"/.test(second.stdout)) figures.conflicts.refused++
    }
    process.stderr.write(
      `\r[kills] ${kill + 1}/${count} (${atCheckpoint ? 'checkpoint' : 'training'}, ${exact ? 'exact' : 'NOT EXACT'}, step ${after.steps.length})   `,
    )
  }
  const done = await owner.exited
  const final = readRun(dataDir, runId)
  process.stderr.write('\n')
  return {
    ...figures,
    finished: final.status === 'finished',
    lastOwnerExit: done.code,
    steps: final.steps.length,
    referenceSteps: reference.steps.length,
    finalExact:
      sameAsReference(final.steps, referenceSteps) &&
      final.steps.length === reference.steps.length &&
      tensorsHash(final.checkpoint!) === tensorsHash(reference.checkpoint!),
  }
}

// ---- databases that are not the studio's

const foldersOf = (dataDir: string) => readdirSync(join(dataDir, 'datasets')).sort()

async function databases() {
  const dataDir = await dataFolder('databases')
  const file = join(dataDir, 'studio.sqlite')
  const good = readFileSync(file)
  const cases: [string, () => void][] = [
    ['empty (0 bytes)', () => writeFileSync(file, '')],
    [
      'not SQLite (random bytes)',
      () => writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, (_, index) => (index * 7919) % 251))),
    ],
    [
      "another application's SQLite",
      () => {
        rmSync(file)
        const other = new Database(file)
        other.pragma('application_id = 1234')
        other.exec('CREATE TABLE notes (body TEXT)')
        other.close()
      },
    ],
    ...[100, 4096, Math.floor(good.length / 2), good.length - 4096].map((bytes): [string, () => void] => [
      `truncated to ${bytes} of ${good.length} bytes`,
      () => {
        writeFileSync(file, good)
        truncateSync(file, bytes)
      },
    ]),
  ]
  const outcomes = []
  for (const [what, make] of cases) {
    for (const side of ['-wal', '-shm']) rmSync(`${file}${side}`, { force: true })
    make()
    const before = readFileSync(file)
    const folders = foldersOf(dataDir)
    const listed = await cliProcess(dataDir, ['runs']).exited
    const refused = listed.code !== 0
    outcomes.push({
      what,
      refused,
      unchanged: readFileSync(file).equals(before),
      foldersDeleted: folders.filter((folder) => !foldersOf(dataDir).includes(folder)).length,
    })
  }
  return outcomes
}

// ---- main

const machine = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model ?? '?',
  cores: cpus().length,
  avx512: readFileSync('/proc/cpuinfo', 'utf8').includes('avx512f'),
  loadBefore: loadavg()
    .map((value) => value.toFixed(2))
    .join(' '),
}
const results: Record<string, unknown> = { machine }
try {
  if (sections.has('fuzz')) results.fuzz = await fuzz(Number(values.frames))
  if (sections.has('kills') || sections.has('conflicts')) results.kills = await kills(Number(values.kills))
  if (sections.has('disk')) results.disk = await diskFullSweep(join(root, 'disk'))
  if (sections.has('database')) results.database = await databases()
} finally {
  rmSync(root, { recursive: true, force: true })
}
results.loadAfter = loadavg()
  .map((value) => value.toFixed(2))
  .join(' ')
if (values.json) console.log(JSON.stringify(results, null, 2))
else console.log(table(results))

function table(r: Record<string, unknown>): string {
  const lines = [
    `${machine.date} · ${machine.cpu} (${machine.cores} cores, AVX-512 ${machine.avx512 ? 'yes' : 'no'}) · load ${machine.loadBefore} → ${String(r.loadAfter)}`,
    '',
    '| test | tried | outcome |',
    '|---|---|---|',
  ]
  const fuzzed = r.fuzz as Awaited<ReturnType<typeof fuzz>> | undefined
  if (fuzzed)
    lines.push(
      `| fuzz frames from 4 clients while a run trains | ${fuzzed.frames} frames on ${fuzzed.connections} connections (${fuzzed.seconds.toFixed(0)} s) | server restarts ${fuzzed.restarts}, server errors logged ${fuzzed.serverErrors}, run still training ${fuzzed.stillRunning ? 'yes' : 'NO'} (${fuzzed.stepsDuring} steps during) |`,
    )
  const killed = r.kills as Awaited<ReturnType<typeof kills>> | undefined
  if (killed) {
    lines.push(
      `| kill -9 during training (CLI + worker), then \`resume\` | ${killed.training.kills} | exact ${killed.training.exact}/${killed.training.kills} |`,
    )
    lines.push(
      `| kill -9 as a checkpoint's temp folder appears, then \`resume\` | ${killed.checkpoint.kills} (${killed.checkpoint.tempLeft} left a half-written temp folder) | exact ${killed.checkpoint.exact}/${killed.checkpoint.kills} |`,
    )
    lines.push(
      `| the run after ${killed.resumes} resumes against an uninterrupted one | ${killed.steps} of ${killed.referenceSteps} steps | ${killed.finished ? 'finished' : 'NOT finished'}, every step's losses and the final weights ${killed.finalExact ? 'bit-identical' : 'DIFFERENT'} |`,
    )
    lines.push(
      `| a second process resumes a run another one trains | ${killed.conflicts.tried} | refused ${killed.conflicts.refused} |`,
    )
    lines.push(
      `| two \`resume\`s at once on a killed run | ${killed.races.tried} | one owner, the other refused: ${killed.races.oneOwner} |`,
    )
  }
  for (const site of (r.disk as SweepFigures[] | undefined) ?? []) {
    lines.push(
      `| ENOSPC at each write of ${site.site} | ${site.injections} | clear message ${site.clearMessage}/${site.injections}, data lost ${site.dataLost}, leftovers ${site.leftovers}, retry after freeing space ${site.retried ? 'succeeded' : 'FAILED'} |`,
    )
  }
  for (const outcome of (r.database as Awaited<ReturnType<typeof databases>> | undefined) ?? []) {
    lines.push(
      `| studio.sqlite ${outcome.what}, \`runs\` | 1 | ${outcome.refused ? 'refused' : 'OPENED'}, file ${outcome.unchanged ? 'unchanged' : 'CHANGED'}, dataset folders deleted ${outcome.foldersDeleted} |`,
    )
  }
  return lines.join('\n')
}
