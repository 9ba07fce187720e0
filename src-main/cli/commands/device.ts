import { probeBackendsInProcess } from '../../services/backend-probe'
import type { Command } from '../command'
import { printResult } from '../output'

export const deviceCommand: Command = {
  name: 'device',
  summary: 'Show the TensorFlow.js backend training would use, its device, and why faster ones are unavailable',
  usage: 'dcgan-studio device [--json]',
  options: {},
  async run({ json }) {
    const report = await probeBackendsInProcess('auto')
    printResult(json, report, () =>
      [
        `backend: ${report.backend}`,
        `device:  ${report.device}`,
        ...(report.threads ? [`threads: ${report.threads}`] : []),
        ...(report.kernels
          ? [`kernels: ${report.kernels.label}${report.kernels.reason ? ` (${report.kernels.reason})` : ''}`]
          : []),
        ...report.unavailable.map((entry) => `unavailable: ${entry.backend} (${entry.reason})`),
      ].join('\n'),
    )
    return 0
  },
}
