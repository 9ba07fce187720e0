import { studio } from '../studio'
import { useStudioQuery } from './useStudioQuery'

export function useAppInfo() {
  return useStudioQuery(() => studio.app.info({}), [])
}
