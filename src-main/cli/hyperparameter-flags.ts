/**
 * The `train` command's hyperparameter flags, one per field of the train config schema's user settings
 * (src-shared/contract/hyperparameters.ts): names, help and bounds come from there, validation is the schema's.
 */
import {
  HYPERPARAMETER_FIELDS,
  hyperparameters,
  type HyperparameterField,
  type Hyperparameters,
} from '../../src-shared/contract/hyperparameters'
import { UsageError, type OptionSpec } from './command'

const negated = (field: HyperparameterField) => `no-${field.flag}`

export const HYPERPARAMETER_OPTIONS: OptionSpec = Object.fromEntries(
  HYPERPARAMETER_FIELDS.flatMap((field): [string, OptionSpec[string]][] =>
    field.kind === 'boolean'
      ? [
          [field.flag, { type: 'boolean' }],
          [negated(field), { type: 'boolean' }],
        ]
      : [[field.flag, { type: 'string' }]],
  ),
)

function argument(field: HyperparameterField): string {
  if (field.kind === 'boolean') return `--${field.flag} | --${negated(field)}`
  if (field.kind === 'choice') return `--${field.flag} ${Object.keys(field.options ?? {}).join('|')}`
  return `--${field.flag} ${field.integer ? 'N' : 'X'}`
}

function bounds(field: HyperparameterField): string {
  if (field.kind !== 'number') return ''
  const low = field.above !== undefined ? `(${field.above}` : `[${field.min}`
  const high = field.below !== undefined ? `${field.below})` : `${field.max}]`
  return ` ${low}, ${high}`
}

/** One line per flag: the form's label and help, the bounds, and the preset's value is the default. */
export function hyperparameterHelp(): string {
  const rows = HYPERPARAMETER_FIELDS.map(
    (field) => [argument(field), `${field.title}${bounds(field)}: ${field.description}`] as const,
  )
  const width = Math.max(...rows.map(([flag]) => flag.length))
  return [
    "hyperparameters (default: the preset's):",
    ...rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`),
  ].join('\n')
}

/** The hyperparameters given on the command line, validated by the contract's schema (its messages, on the flag). */
export function hyperparametersFromFlags(values: Record<string, unknown>): Hyperparameters {
  const chosen: Record<string, unknown> = {}
  for (const field of HYPERPARAMETER_FIELDS) {
    if (field.kind === 'boolean') {
      if (values[field.flag] && values[negated(field)])
        throw new UsageError(`give --${field.flag} or --${negated(field)}, not both.`)
      if (values[field.flag]) chosen[field.key] = true
      if (values[negated(field)]) chosen[field.key] = false
      continue
    }
    const value = values[field.flag]
    if (typeof value !== 'string') continue
    const number = Number(value)
    if (field.kind === 'number' && (value.trim() === '' || !Number.isFinite(number)))
      throw new UsageError(`--${field.flag} must be a number, got "${value}".`)
    chosen[field.key] = field.kind === 'number' ? number : value
  }
  const parsed = hyperparameters.safeParse(chosen)
  if (parsed.success) return parsed.data
  const flagOf = (key: PropertyKey | undefined) =>
    HYPERPARAMETER_FIELDS.find((field) => field.key === key)?.flag ?? String(key)
  throw new UsageError(
    parsed.error.issues.map((issue) => `--${flagOf(issue.path[0])}: ${issue.message}`).join('; ') + '.',
  )
}
