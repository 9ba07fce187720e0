import type { ErrorDetails } from './command'

/**
 * Control characters (C0, DEL, C1), line separators and bidirectional overrides: in a name printed raw they
 * could move the cursor, recolour the terminal, hide text or forge a line of output.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
// eslint-disable-next-line no-control-regex -- as above
const UNPRINTABLE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' }

function escapeOne(char: string): string {
  const code = char.charCodeAt(0)
  return (
    NAMED_ESCAPES[char] ??
    (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`)
  )
}

/** Text from outside the studio's own words (file, run and dataset names, reasons) as one visible line. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeOne)
}

/** Our own multi-line output, with whatever control characters slipped into it made visible. */
function printableLines(text: string): string {
  return text.replace(UNPRINTABLE_BUT_NEWLINE, escapeOne)
}

/** Human lines go to stderr when --json is on, so stdout carries exactly one JSON document. */
export function printResult(json: boolean, value: unknown, human: () => string): void {
  if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
  else process.stdout.write(`${printableLines(human())}\n`)
}

export function printError(json: boolean, message: string, code = 'ERROR', details?: ErrorDetails): void {
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message, ...details?.fields } })}\n`)
  else
    process.stderr.write(
      [`dcgan-studio: ${message}`, ...(details?.lines ?? [])].map((line) => `${printable(line)}\n`).join(''),
    )
}

export function info(json: boolean, line: string): void {
  ;(json ? process.stderr : process.stdout).write(`${printableLines(line)}\n`)
}
