import type { BackendName, DeviceReport } from '../../src-shared/contract/channels'

/** Loads TensorFlow.js only when asked: the CLI's help and the UI's first paint don't pay for it. */
export async function probeBackendsInProcess(choice: BackendName | 'auto'): Promise<DeviceReport> {
  const { initBackend } = await import('../engine/backends')
  return initBackend(choice)
}
