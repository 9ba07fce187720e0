import type { ParseArgsConfig } from 'node:util'

export type OptionSpec = NonNullable<ParseArgsConfig['options']>

export interface CommandContext {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>
  positionals: string[]
  dataDir: string
  json: boolean
  /** Signals Ctrl+C: long commands stop cleanly when it aborts. */
  signal: AbortSignal
}

export interface Command {
  name: string
  summary: string
  usage: string
  /** more help, printed after the summary by `--help` */
  details?: string
  options: OptionSpec
  /** Returns the process exit code. */
  run(context: CommandContext): Promise<number>
}

/** What a failure lists beyond its message: fields of its JSON error, and the same as lines under the message. */
export interface ErrorDetails {
  fields: Record<string, unknown>
  lines: string[]
}

/** A failure the user can act on: printed as one line (or as JSON with --json), no stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
    readonly details?: ErrorDetails,
  ) {
    super(message)
  }
}
