import { useState, type FormEvent } from 'react'
import { StudioCallError } from '../../studio'
import { trackImport } from './runningImports'

/**
 * Starting an import (a form's submit, or one click): `request` asks main for the import under the trimmed
 * name, which is then tracked on the page (progress, outcome); a refusal is kept in `error`, a taken name
 * marked as such.
 */
export function useStartImport(request: (name: string) => Promise<{ importId: string }>, onStarted: () => void) {
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const submit = (event: FormEvent, name: string) => {
    event.preventDefault()
    return start(name)
  }
  const start = async (name: string) => {
    setStarting(true)
    setError(null)
    try {
      const trimmedName = name.trim()
      const { importId } = await request(trimmedName)
      trackImport(importId, trimmedName)
      onStarted()
    } catch (caught) {
      setError(caught as Error)
    } finally {
      setStarting(false)
    }
  }
  const nameConflict = error instanceof StudioCallError && error.code === 'CONFLICT'
  return { starting, error, nameConflict, submit, start, clearError: () => setError(null) }
}
