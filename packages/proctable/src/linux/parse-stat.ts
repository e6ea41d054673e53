import type { ProcessState } from '../types.js'

/** The fields of `/proc/PID/stat` that a `ProcessInfo` needs. */
export interface StatFields {
  readonly comm: string
  readonly state: ProcessState
  readonly ppid: number
  readonly pgid: number
  readonly sid: number
  /** Field 9, the kernel's `PF_*` flags. */
  readonly flags: number
  readonly threads: number
  /** Field 22, start time in clock ticks since boot. */
  readonly startTicks: number
}

const OPEN_PAREN = 0x28
const CLOSE_PAREN = 0x29
const SPACE = 0x20
const MINUS = 0x2d

/**
 * Parses `/proc/PID/stat` from `buffer[0, length)` by hand: no split of the whole line.
 *
 * `comm` may itself contain spaces and parentheses (any name a process gives itself), so it is taken
 * between the first `(` and the last `)`, and fields are counted from there.
 *
 * @returns the fields, or `undefined` if the text is not a stat line.
 */
export function parseStat(buffer: Buffer, length: number): StatFields | undefined {
  const open = buffer.indexOf(OPEN_PAREN)
  const close = buffer.lastIndexOf(CLOSE_PAREN, length - 1)
  if (open < 0 || close < open || close + 4 > length) return undefined
  const comm = buffer.toString('utf8', open + 1, close)
  const state = String.fromCharCode(buffer[close + 2] ?? 0) as ProcessState
  // Fields 4.. start after ") S ".
  const cursor = { at: close + 4, end: length }
  const ppid = nextInt(buffer, cursor)
  const pgid = nextInt(buffer, cursor)
  const sid = nextInt(buffer, cursor)
  skip(buffer, cursor, 2) // tty_nr, tpgid
  const flags = nextInt(buffer, cursor)
  skip(buffer, cursor, 10) // minflt .. cstime, priority, nice
  const threads = nextInt(buffer, cursor)
  skip(buffer, cursor, 1) // itrealvalue
  const startTicks = nextInt(buffer, cursor)
  return { comm, state, ppid, pgid, sid, flags, threads, startTicks }
}

interface Cursor {
  at: number
  readonly end: number
}

function nextInt(buffer: Buffer, cursor: Cursor): number {
  let i = cursor.at
  let sign = 1
  if (buffer[i] === MINUS) {
    sign = -1
    i++
  }
  let value = 0
  for (; i < cursor.end; i++) {
    const digit = (buffer[i] ?? SPACE) - 0x30
    if (digit < 0 || digit > 9) break
    value = value * 10 + digit
  }
  cursor.at = i + 1
  return sign * value
}

function skip(buffer: Buffer, cursor: Cursor, fields: number): void {
  let i = cursor.at
  for (let left = fields; left > 0 && i < cursor.end; i++) {
    if (buffer[i] === SPACE) left--
  }
  cursor.at = i
}
