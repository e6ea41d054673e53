import { SENTINEL_PROTOCOL } from './events.js'

/**
 * The commands of protocol {@link SENTINEL_PROTOCOL} (the events are next to them, in
 * `events.ts`: one protocol, both ways, one version, announced in `hello`). The line format is
 * what the C sentinel's `c/control.c` (in `@proclife/sentinel`) reads; {@link formatCommand}
 * writes it, {@link parseCommand} reads it back the same way (the Node stand-in does, so both
 * backends take the same lines).
 */
export { SENTINEL_PROTOCOL }

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
      if (typeof command.text !== 'string' || command.text === '')
        throw new TypeError(`typed text must be a non-empty string, received ${JSON.stringify(command.text)}`)
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

/**
 * Why a line is not a command, in the words the C sentinel uses in its `error` event (its
 * `message`; the event's `command` is the line).
 */
export class SentinelCommandError extends Error {
  override name = 'SentinelCommandError'
  constructor(
    message: string,
    readonly line: string,
  ) {
    super(message)
  }
}

const INTEGER = /^\d+$/

/**
 * Reads one command line as the C sentinel does (`control.c`): the first word names it, the rest
 * are its arguments.
 *
 * @throws {SentinelCommandError} with the C's message: `unknown command`, or a `usage: …` line.
 */
export function parseCommand(line: string): SentinelCommand {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line
  const space = text.indexOf(' ')
  const name = space < 0 ? text : text.slice(0, space)
  const rest = space < 0 ? '' : text.slice(space + 1)
  const args = rest.split(' ').filter((a) => a !== '')
  const fail = (message: string): never => {
    throw new SentinelCommandError(message, text)
  }
  switch (name) {
    case 'snapshot':
      return { cmd: 'snapshot', id: rest }
    case 'hold':
      return rest === '' ? fail('unknown command') : { cmd: 'hold', name: rest }
    case 'release':
      return rest === '' ? fail('unknown command') : { cmd: 'release', name: rest }
    case 'signal':
    case 'signalgroup': {
      const [pid, start, signal] = args
      if (
        pid === undefined ||
        start === undefined ||
        !INTEGER.test(pid) ||
        !INTEGER.test(start) ||
        signal === undefined
      )
        fail(`usage: ${name} PID START SIGNAME`)
      return { cmd: name, pid: Number(pid), start: Number(start), signal: signal! }
    }
    case 'type': {
      if (!/^([0-9a-f]{2})+$/i.test(rest)) fail('usage: type HEX (an even number of hex digits, at least two)')
      return { cmd: 'type', text: Buffer.from(rest, 'hex').toString('utf8') }
    }
    case 'cleanup':
      return INTEGER.test(args[0] ?? '') ? { cmd: 'cleanup', termMs: Number(args[0]) } : fail('usage: cleanup TERM_MS')
    case 'quit':
      return { cmd: 'quit' }
    default:
      return fail('unknown command')
  }
}
