import { isKeyName, KEYS, type KeyName } from '@proclife/report'
import { TerminalUnavailableError } from '../errors.js'
import type { SentinelLike } from '@proclife/sentinel'

/**
 * A run's input: its stdin pipe, or (a run with a terminal) keys typed at its terminal through the
 * sentinel's `type` command. `ended`: whether the run is over (nothing left to type at).
 */
export class RunInput {
  constructor(
    private readonly sentinel: Pick<SentinelLike, 'send' | 'fixtureStdin'>,
    private readonly terminal: boolean,
    private readonly ended: () => boolean,
  ) {}

  /** Types text at the run's terminal; a {@link TerminalUnavailableError} without one. */
  type(text: string): void {
    if (!this.terminal) throw new TerminalUnavailableError('the run was started without the option "terminal"')
    if (text === '') return
    this.sentinel.send({ cmd: 'type', text })
  }

  /** Presses a named key (ctrl-c, ctrl-z, …) at the run's terminal. */
  key(name: KeyName): void {
    if (!isKeyName(name))
      throw new TypeError(`Unknown key ${JSON.stringify(name)}. Known: ${Object.keys(KEYS).join(', ')}.`)
    this.type(KEYS[name])
  }

  /** Writes to the root's input: its stdin, or typed at its terminal. */
  write(text: string): void {
    if (this.terminal) this.type(text)
    else this.sentinel.fixtureStdin.write(text)
  }

  /** Ends the root's input: closes its stdin, and at a terminal types ctrl-d. */
  closeStdin(): void {
    this.sentinel.fixtureStdin.end()
    // A terminal is never closed: end of input is ctrl-d, read as such at the start of a line.
    // Once the run is over there is nothing left to type at, and nothing to end.
    if (this.terminal && !this.ended()) {
      try {
        this.type(KEYS['ctrl-d'])
      } catch {
        // the sentinel's command input is closed: the run is ending
      }
    }
  }
}
