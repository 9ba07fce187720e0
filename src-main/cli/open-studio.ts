import { probeBackendsInProcess } from '../services/backend-probe'
import { Studio } from '../services/studio'

export function openStudio(dataDir: string): Studio {
  return new Studio({ dataDir, mode: 'browser', probeBackends: probeBackendsInProcess })
}
