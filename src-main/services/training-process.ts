import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { TrainingCommand, TrainingReport } from './training-protocol'
import { trainingWorkerUrl } from './worker-url'

/** A training worker seen from main: Electron's utilityProcess in the app, a Node child process elsewhere. */
export interface TrainingProcess {
  send(command: TrainingCommand): void
  onReport(listener: (report: TrainingReport) => void): void
  onExit(listener: (code: number | null) => void): void
  kill(): void
  readonly pid: number | undefined
}

export type SpawnTrainingProcess = () => TrainingProcess

export const spawnNodeTrainingProcess: SpawnTrainingProcess = () => {
  const url = trainingWorkerUrl()
  const fromSource = url.pathname.endsWith('.ts')
  const child = fork(fileURLToPath(url), [], {
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return {
    send: (command) => child.send(command),
    onReport: (listener) => child.on('message', (message) => listener(message as TrainingReport)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
    get pid() {
      return child.pid
    },
  }
}
