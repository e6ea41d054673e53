import type { ProcessState } from '../types.js'
import { COMM_WIDTH, MIDDLE_COLUMNS, type PsFlavour } from './columns.js'

/** One row of `ps` output, before kernel threads and options are applied. */
export interface PsRow {
  readonly pid: number
  readonly ppid: number
  readonly pgid: number
  /** `-1` where `ps` has no session column (macOS). */
  readonly sid: number
  readonly state: ProcessState
  readonly comm: string
  /** Whole seconds since the epoch. */
  readonly startSeconds: number
  readonly threads: number
  readonly uid: number | null
  /** The `args` column, or `undefined` when it was not asked for. */
  readonly args: string | undefined
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * `lstart` in the C locale and UTC (we run `ps` with `LC_ALL=C TZ=UTC`): `Mon Nov 23 11:09:52 2026`.
 * UTC, so that the hour repeated when daylight saving time ends cannot make it ambiguous.
 */
function parseLstart(words: readonly string[]): number {
  const [, month, day, time, year] = words
  const monthIndex = MONTHS.indexOf(month ?? '')
  const hms = (time ?? '').split(':').map(Number)
  const [h, m, s] = hms
  const seconds = Date.UTC(Number(year), monthIndex, Number(day), h ?? NaN, m ?? NaN, s ?? NaN) / 1000
  if (monthIndex < 0 || hms.length !== 3 || !Number.isInteger(seconds)) return NaN
  return seconds
}

/**
 * procps prints the kernel's letter; BSD letters are mapped to their nearest Linux meaning. A letter
 * not listed (a newer kernel's or platform's) reads as `S`: some kind of waiting.
 */
const STATES: Readonly<Record<PsFlavour, Readonly<Record<string, ProcessState>>>> = {
  procps: {
    R: 'R',
    S: 'S',
    D: 'D',
    Z: 'Z',
    T: 'T',
    t: 't',
    X: 'X',
    x: 'x',
    I: 'I',
    P: 'P',
    W: 'W',
    K: 'K',
  },
  // U: uninterruptible wait; I: sleeping for more than 20 s (not an idle kernel thread).
  darwin: { R: 'R', U: 'D', S: 'S', I: 'S', T: 'T', Z: 'Z' },
  // FreeBSD: I idle (sleeping > 20 s), L waiting for a lock, W idle interrupt thread.
  bsd: { R: 'R', D: 'D', L: 'D', S: 'S', I: 'S', W: 'S', T: 'T', Z: 'Z' },
}

function formatError(line: string, what: string): Error {
  return new Error(`ps backend: cannot parse ${what} in this line of \`ps\` output: ${JSON.stringify(line)}`)
}

function integer(word: string | undefined): number {
  return word !== undefined && /^-?\d+$/.test(word) ? Number(word) : NaN
}

/**
 * Parses one line laid out as `columns.ts` describes: `COMM_WIDTH` characters of command name, a space,
 * the middle columns as whitespace-separated words, then (if asked for) one space and the arguments.
 */
export function parseRow(line: string, flavour: PsFlavour, withArgs: boolean): PsRow {
  if (line.length < COMM_WIDTH + 1 || line[COMM_WIDTH] !== ' ') throw formatError(line, 'the command name')
  const comm = line.slice(0, COMM_WIDTH).trimEnd()

  const values = new Map<string, string[]>()
  let at = COMM_WIDTH
  for (const column of MIDDLE_COLUMNS[flavour]) {
    const words: string[] = []
    for (let n = 0; n < column.words; n++) {
      while (line.charCodeAt(at) === 32) at++
      const end = line.indexOf(' ', at)
      const stop = end === -1 ? line.length : end
      if (stop === at) throw formatError(line, `column ${column.keyword}`)
      words.push(line.slice(at, stop))
      at = stop
    }
    values.set(column.key, words)
  }
  // Exactly one separator space before `args`; an empty argument list leaves nothing after it.
  const args = withArgs ? line.slice(at + 1) : undefined

  const one = (key: string): string | undefined => values.get(key)?.[0]
  const pid = integer(one('pid'))
  const ppid = integer(one('ppid'))
  const pgid = integer(one('pgid'))
  const sid = values.has('sid') ? integer(one('sid')) : -1
  const threads = values.has('threads') ? integer(one('threads')) : 1
  const startSeconds = parseLstart(values.get('lstart') ?? [])
  const letter = one('stat')?.[0] ?? ''
  const state = STATES[flavour][letter] ?? 'S'
  for (const [name, value] of Object.entries({ pid, ppid, pgid, sid, threads, startSeconds })) {
    if (Number.isNaN(value)) throw formatError(line, name)
  }
  const uidValue = integer(one('uid'))
  const uid = Number.isNaN(uidValue) ? null : uidValue
  return { pid, ppid, pgid, sid, state, comm, startSeconds, threads, uid, args }
}
