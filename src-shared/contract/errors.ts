/** Error codes a caller can see. Handlers throw StudioError; anything else becomes INTERNAL. */
export const ERROR_CODES = ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'UNAVAILABLE', 'CANCELLED', 'INTERNAL', 'UNKNOWN_CHANNEL'] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface StudioErrorShape {
  code: ErrorCode
  message: string
}

export class StudioError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'StudioError'
  }
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: StudioErrorShape }
