import { useState, type FormEvent } from 'react'
import { StudioCallError } from '../../studio'
import { trackImport } from './runningImports'

/**
 * Submitting an import form: `start` asks main for the import under the trimmed name, which is then tracked
 * on the page (progress, outcome); a refusal stays in the form, a taken name marked as such.
 */
export function useStartImport(start: (name: string) => Promise<{ importId: string }>, onStarted: () => void) {
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const submit = async (event: FormEvent, name: string) => {
    event.preventDefault()
    setStarting(true)
    setError(null)
    try {
      const trimmedName = name.trim()
      const { importId } = await start(trimmedName)
      trackImport(importId, trimmedName)
      onStarted()
    } catch (caught) {
      setError(caught as Error)
      setStarting(false)
    }
  }
  const nameConflict = error instanceof StudioCallError && error.code === 'CONFLICT'
  return { starting, error, nameConflict, submit, clearError: () => setError(null) }
}
