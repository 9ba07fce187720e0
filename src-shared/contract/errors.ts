/** Error codes a caller can see. Handlers throw StudioError; anything else becomes INTERNAL. */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'CANCELLED',
  'INTERNAL',
  'UNKNOWN_CHANNEL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** One problem with a request, where it is: `path` into the request's arguments, e.g. ['hyperparameters', 'batchSize']. */
export interface ValidationIssue {
  path: (string | number)[]
  message: string
}

export interface StudioErrorShape {
  code: ErrorCode
  message: string
  /** VALIDATION: each problem on its own, so a form can put it on its field */
  issues?: ValidationIssue[]
}

export class StudioError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ValidationIssue[],
  ) {
    super(message)
    this.name = 'StudioError'
  }

  /** A VALIDATION error whose message lists every issue (for a log or a terminal). */
  static invalid(issues: ValidationIssue[]): StudioError {
    return new StudioError('VALIDATION', issues.map((issue) => issue.message).join('; '), issues)
  }
}

/** zod's issues as the contract's: paths of strings and indexes, each with its message. */
export function validationIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path.filter((part) => typeof part !== 'symbol') as (string | number)[],
    message: issue.message,
  }))
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: StudioErrorShape }
