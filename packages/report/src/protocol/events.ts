/**
 * The sentinel's events, exactly as it writes them: one JSON object per line on its fd 1.
 * Shapes are defined once in C (`c/events.c` of `@proclife/sentinel`) and documented in
 * `docs/sentinel.md`. The commands, the other way, are next to them (`commands.ts`); both are
 * protocol {@link SENTINEL_PROTOCOL}, which every backend announces in `hello`. The shapes, one
 * interface each, are in `event-types.ts`; the version and the parser are here. The protocol lives
 * in the report core, below the sentinel package, because replay reads events without a process.
 */
import type { HelloEvent, SentinelEvent, SentinelEventName } from './event-types.js'

export type * from './event-types.js'

/**
 * The protocol this version speaks, both ways (`SENTINEL_PROTOCOL` in the C sentinel's `c/sentinel.h`):
 * bumped when an event or a command changes shape. Checked at `hello` ({@link checkProtocol}).
 * Recorded streams of older protocols still replay.
 */
export const SENTINEL_PROTOCOL = 2

const EVENT_NAMES: ReadonlySet<string> = new Set<SentinelEventName>([
  'hello',
  'spawn',
  'exec',
  'reparent',
  'state',
  'exit',
  'reap',
  'root-exit',
  'spawn-error',
  'checkpoint',
  'snapshot',
  'hold',
  'release',
  'signal',
  'group',
  'foreground',
  'typed',
  'error',
  'clean',
  'bye',
])

/** A line from the sentinel that is not an event. */
export class SentinelProtocolError extends Error {
  override name = 'SentinelProtocolError'
  constructor(
    message: string,
    /** The offending line. */
    readonly line: string,
  ) {
    super(message)
  }
}

/**
 * Parses one line of the sentinel's output.
 *
 * @throws {SentinelProtocolError} when the line is not a JSON object with a known `ev` and a numeric `t`.
 */
export function parseSentinelEvent(line: string): SentinelEvent {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    throw new SentinelProtocolError(`sentinel wrote a line that is not JSON: ${line.slice(0, 200)}`, line)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SentinelProtocolError(`sentinel wrote JSON that is not an object: ${line.slice(0, 200)}`, line)
  }
  const { ev, t } = value as { ev?: unknown; t?: unknown }
  if (typeof ev !== 'string' || !EVENT_NAMES.has(ev) || typeof t !== 'number') {
    throw new SentinelProtocolError(`sentinel wrote an unknown event: ${line.slice(0, 200)}`, line)
  }
  return value as SentinelEvent
}

/**
 * Checks that a sentinel speaks this version's protocol, at its `hello`.
 *
 * @throws {SentinelProtocolError} naming both versions, when it does not: a sentinel binary from
 * another version of proclife (a stale build in the cache, a prebuilt binary of another release).
 */
export function checkProtocol(hello: Pick<HelloEvent, 'protocol'>): void {
  if (hello.protocol === SENTINEL_PROTOCOL) return
  throw new SentinelProtocolError(
    `the sentinel speaks protocol ${String(hello.protocol)} and this proclife speaks protocol ${SENTINEL_PROTOCOL}: the sentinel binary is from another version of proclife (rebuild it, or reinstall proclife so that both match)`,
    JSON.stringify(hello),
  )
}

/** Narrows an event by name: `events.filter(isEvent('reap'))`. */
export function isEvent<N extends SentinelEventName>(name: N) {
  return (event: SentinelEvent): event is Extract<SentinelEvent, { ev: N }> => event.ev === name
}
