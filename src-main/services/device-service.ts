import type { BackendName, DeviceReport } from '../../src-shared/contract/channels'

export type BackendProbe = (choice: BackendName | 'auto') => Promise<DeviceReport>

/** Which TensorFlow.js backend training would use here, probed once and remembered. */
export class DeviceService {
  #report: Promise<DeviceReport> | undefined

  constructor(private readonly probe: BackendProbe) {}

  report(): Promise<DeviceReport> {
    this.#report ??= this.probe('auto').catch((error: unknown) => {
      this.#report = undefined
      throw error
    })
    return this.#report
  }
}
