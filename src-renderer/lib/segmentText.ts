import { HYPERPARAMETER_FIELDS } from '../../src-shared/contract/hyperparameters'
import type { RunSegment } from '../../src-shared/contract/runs'

/** A form label inside a sentence: "Learning rate" → "learning rate"; "D learning rate" and "WGAN clip" stay. */
const inSentence = (title: string) => (/^[A-Z][a-z]/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title)

/** What a resume changed, in the form's words: "learning rate 0.0001, D learning rate 0.0001". */
export function segmentChanges(segment: RunSegment): string {
  return HYPERPARAMETER_FIELDS.filter((field) => segment.changes[field.key] !== undefined)
    .map((field) => `${inSentence(field.title)} ${String(segment.changes[field.key])}`)
    .join(', ')
}

/** Every segment of a run on one line ("from step 300: learning rate 0.0001"), or null when it was never changed. */
export function segmentsText(segments: readonly RunSegment[]): string | null {
  if (segments.length === 0) return null
  return segments
    .map((segment) => `from step ${segment.fromStep.toLocaleString()}: ${segmentChanges(segment)}`)
    .join('; ')
}
