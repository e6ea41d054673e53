/**
 * Commands to the sentinel, one line each on its fd 0. The sentinel answers some with an event
 * (`snapshot`, `hold`, `release`, `signal` or `error`, `clean`, `bye`).
 */
export type SentinelCommand =
  /** Walk the tree now; answered by a `snapshot` event with this `id`. */
  | { cmd: 'snapshot'; id: string }
  /** Callers of `checkpoint(name)` wait until `release` (also for callers that come later). */
  | { cmd: 'hold'; name: string }
  /** Answer every caller waiting on `name` and stop holding it. */
  | { cmd: 'release'; name: string }
  /** Signal a tracked process; refused unless `pid` and `start` match one the sentinel tracks. */
  | { cmd: 'signal'; pid: number; start: number; signal: string }
  /** Signal the process group of a tracked process; refused unless every member is the run's and the group is not the sentinel's. */
  | { cmd: 'signalgroup'; pid: number; start: number; signal: string }
  /** Write these bytes into the run's terminal, as typed at a keyboard; answered by `typed`, or `error` without a terminal. */
  | { cmd: 'type'; text: string }
  /** Freeze the tree (SIGSTOP), SIGTERM + SIGCONT it, SIGKILL what is left after `termMs`; `termMs: 0` kills at once. Ends with `clean`. */
  | { cmd: 'cleanup'; termMs: number }
  /** Kill whatever is alive (`clean`), then `bye`, then the sentinel exits 0. */
  | { cmd: 'quit' }

/**
 * The line for a command (without the newline).
 *
 * @throws {TypeError} when a name or id contains a newline or is empty, or a number is not an integer.
 */
export function formatCommand(command: SentinelCommand): string {
  switch (command.cmd) {
    case 'snapshot':
      return `snapshot ${word(command.id, 'snapshot id')}`
    case 'hold':
      return `hold ${word(command.name, 'checkpoint name')}`
    case 'release':
      return `release ${word(command.name, 'checkpoint name')}`
    case 'signal':
      return `signal ${int(command.pid, 'pid')} ${int(command.start, 'start')} ${word(command.signal, 'signal')}`
    case 'signalgroup':
      return `signalgroup ${int(command.pid, 'pid')} ${int(command.start, 'start')} ${word(command.signal, 'signal')}`
    case 'type':
      if (typeof command.text !== 'string' || command.text === '') throw new TypeError(`typed text must be a non-empty string, received ${JSON.stringify(command.text)}`)
      return `type ${Buffer.from(command.text, 'utf8').toString('hex')}`
    case 'cleanup':
      return `cleanup ${int(command.termMs, 'termMs')}`
    case 'quit':
      return 'quit'
  }
}

function word(value: string, what: string): string {
  if (typeof value !== 'string' || value === '' || /[\n\r\0]/.test(value)) {
    throw new TypeError(`${what} must be a non-empty string without line breaks, received ${JSON.stringify(value)}`)
  }
  return value
}

function int(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${what} must be a non-negative integer, received ${String(value)}`)
  }
  return value
}
