import type { TrainingCommand, TrainingReport } from '../services/training-protocol'
import { preflight } from './preflight'
import { TrainingSession } from './training-session'
import { useAllCoresInBackground } from './background-priority'

/**
 * Entry of the training process: an Electron utilityProcess (messages on process.parentPort) or a
 * Node child process (messages on process itself). It exits when its run ends or its parent goes away.
 */
interface ParentPort {
  on(event: 'message', listener: (event: { data: TrainingCommand }) => void): void
  postMessage(message: TrainingReport): void
}

// before any backend starts, so every compute thread inherits the lower priority
useAllCoresInBackground()

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
let lastSend: Promise<void> = Promise.resolve()

function send(report: TrainingReport): void {
  if (parentPort) return parentPort.postMessage(report)
  lastSend = new Promise((resolve) => process.send?.(report, undefined, undefined, () => resolve()))
}

/** IPC sends are asynchronous: exiting before the last one is written would lose the run's outcome. */
function exitAfterLastSend(code: number): void {
  void lastSend.then(() => process.exit(code))
}

const onCommand = (listener: (command: TrainingCommand) => void) =>
  parentPort
    ? parentPort.on('message', (event) => listener(event.data))
    : process.on('message', (message) => listener(message as TrainingCommand))

/** The worker does one job; its outcome is the last thing it reports before exiting. */
function exitWhenSettled(job: Promise<void>): Promise<void> {
  return job.then(
    () => exitAfterLastSend(0),
    (error: unknown) => {
      send({ type: 'failed', reason: error instanceof Error ? error.message : String(error) })
      exitAfterLastSend(1)
    },
  )
}

let session: TrainingSession | undefined

onCommand((command) => {
  if (command.type === 'preflight') {
    void exitWhenSettled(preflight(command).then(send))
  } else if (command.type === 'start') {
    if (session) return
    session = new TrainingSession(command, send)
    void exitWhenSettled(session.run())
  } else if (command.type === 'pause') session?.pause()
  else if (command.type === 'resume') session?.resume()
  else session?.stop()
})

process.on('disconnect', () => process.exit(0))
