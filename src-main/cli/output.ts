/** Human lines go to stderr when --json is on, so stdout carries exactly one JSON document. */
export function printResult(json: boolean, value: unknown, human: () => string): void {
  if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
  else process.stdout.write(`${human()}\n`)
}

export function printError(json: boolean, message: string, code = 'ERROR'): void {
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`)
  else process.stderr.write(`dcgan-studio: ${message}\n`)
}

export function info(json: boolean, line: string): void {
  ;(json ? process.stderr : process.stdout).write(`${line}\n`)
}
