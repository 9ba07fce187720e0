import { utilityProcess } from 'electron'
import { fileURLToPath } from 'node:url'
import type { SpawnTrainingProcess } from '../services/training-process'
import type { TrainingReport } from '../services/training-protocol'
import { trainingWorkerUrl } from '../services/worker-url'

/** In the desktop app, training runs in an Electron utilityProcess: off the main thread, killable, crash-isolated. */
export const spawnUtilityTrainingProcess: SpawnTrainingProcess = () => {
  const child = utilityProcess.fork(fileURLToPath(trainingWorkerUrl()), [], {
    serviceName: 'DCGAN Studio training',
    stdio: 'inherit',
  })
  return {
    send: (command) => child.postMessage(command),
    onReport: (listener) => child.on('message', (message) => listener(message as TrainingReport)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => child.kill(),
    get pid() {
      return child.pid
    },
  }
}
