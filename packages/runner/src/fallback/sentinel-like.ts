import type { Sentinel } from '../sentinel/sentinel.js'

/** What a run needs from a sentinel: the native one, or the Node stand-in. */
export type SentinelLike = Pick<Sentinel,
  'pid' | 'fixtureStdin' | 'fixtureStdout' | 'fixtureStderr' | 'exited' | 'onEvent' | 'send' | 'kill' | 'exitDescription'>
