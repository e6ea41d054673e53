import type { CheckDefinition } from './define.js'
import { atLeastConcurrent, atMostConcurrent, spawned } from './count-checks.js'
import { aliveAt, checkpointBy, goneAt, noZombieAt, zombieAt } from './checkpoint-checks.js'
import { exitedWith, killedBy, killedDuringRun } from './exit-checks.js'
import { inForeground, leadsOwnGroup, sameGroup, stoppedThenContinued } from './job-checks.js'
import { stdoutDoesNotMatch, stdoutMatches } from './output-checks.js'
import { adopted, adoptedBy, orphaned, reapedBy, zombie } from './process-checks.js'
import {
  noEscapes,
  noOrphans,
  noStrays,
  noTimeout,
  nothingLeftRunning,
  noZombies,
  reapedWithin,
} from './verdict-checks.js'

/**
 * Every check, once: the vitest matchers, a lab's checks and `proclife run --assert` are adapters
 * over these, so one report gives one answer whatever interface asks. In the order the docs list
 * them (`docs/checks.md` is generated from it).
 */
export const checks = {
  spawned,
  atMostConcurrent,
  atLeastConcurrent,
  noZombies,
  noOrphans,
  nothingLeftRunning,
  noStrays,
  noEscapes,
  noTimeout,
  reapedWithin,
  exitedWith,
  killedBy,
  killedDuringRun,
  adopted,
  orphaned,
  adoptedBy,
  zombie,
  reapedBy,
  aliveAt,
  zombieAt,
  noZombieAt,
  checkpointBy,
  goneAt,
  leadsOwnGroup,
  sameGroup,
  inForeground,
  stoppedThenContinued,
  stdoutMatches,
  stdoutDoesNotMatch,
} as const

/** The id of a check of the registry. */
export type CheckId = keyof typeof checks

/** Every check, as a list (the registry's order). */
export const checkList: readonly CheckDefinition<unknown, unknown>[] = Object.values(
  checks,
) as readonly CheckDefinition<unknown, unknown>[]

/** The check a lab key names, if any (not the legacy keys, which the grader maps itself). */
export function checkOfLabKey(key: string): CheckDefinition<unknown, unknown> | undefined {
  return checkList.find((c) => c.names.lab === key)
}

/** The check an `--assert` name names, if any. */
export function checkOfAssertName(name: string): CheckDefinition<unknown, unknown> | undefined {
  return checkList.find((c) => c.names.assert?.name === name)
}

/** The check a vitest matcher adapts (the first, for a matcher that adapts two by its argument). */
export function checksOfMatcher(matcher: string): readonly CheckDefinition<unknown, unknown>[] {
  return checkList.filter((c) => c.names.matchers?.includes(matcher))
}
