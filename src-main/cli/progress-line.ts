/** One self-overwriting status line on a terminal; silent when not a TTY or when stdout carries JSON. */
export class ProgressLine {
  readonly #enabled: boolean

  constructor(
    json: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.#enabled = !json && stream.isTTY === true
  }

  update(text: string): void {
    if (this.#enabled) this.stream.write(`\r\x1b[2K${text}`)
  }

  done(): void {
    if (this.#enabled) this.stream.write('\r\x1b[2K')
  }
}
