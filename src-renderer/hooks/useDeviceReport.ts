import { studio } from '../studio'
import { useStudioQuery } from './useStudioQuery'

export function useDeviceReport() {
  return useStudioQuery(() => studio.device.report({}), [])
}
