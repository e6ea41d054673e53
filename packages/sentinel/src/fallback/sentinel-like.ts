import type { SentinelCommand } from '@proclife/report'
import type { Sentinel } from '../sentinel.js'

/**
 * What a run needs from a sentinel: the native one, or the Node stand-in. Both speak one protocol:
 * the same events, and the same command lines (each backend formats a command with
 * `formatCommand`, and the stand-in reads it back with `parseCommand`, as the C reads it).
 */
export type SentinelLike = Pick<
  Sentinel,
  'pid' | 'fixtureStdin' | 'fixtureStdout' | 'fixtureStderr' | 'exited' | 'onEvent' | 'kill' | 'exitDescription'
> & {
  /** Sends one command: typed, so that every command the runner sends goes through the one formatter. */
  send(command: SentinelCommand): void
}
