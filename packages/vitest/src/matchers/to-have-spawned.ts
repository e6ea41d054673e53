import { checks } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { assertCount } from '../format/expected.js'
import { failureMessage } from '../format/message.js'
import { onReportOrCallback } from '../format/run-level.js'

const processes = (n: number): string => `${n} ${n === 1 ? 'process' : 'processes'}`

/**
 * Passes when the run created exactly `count` processes besides its root (the fixture itself, or
 * the test process for an observation, where the processes that existed before it began are not
 * counted).
 */
export function toHaveSpawned(
  this: MatcherContext,
  received: unknown,
  count: unknown,
): MatcherResult | Promise<MatcherResult> {
  assertCount(this, 'toHaveSpawned', count)
  return onReportOrCallback(this, 'toHaveSpawned', 'expected', received, (report) => {
    const outcome = checks.spawned.evaluate(report, count)
    const ids = outcome.facts.spawned
    return {
      pass: outcome.pass,
      message: failureMessage(
        this,
        'toHaveSpawned',
        this.isNot
          ? {
              expectedArg: String(count),
              sentence: `Expected the run not to spawn exactly ${processes(count)} besides the root, but it did.`,
              expected: `not ${processes(count)}`,
              received: processes(ids.length),
              report,
              ids,
            }
          : {
              expectedArg: String(count),
              sentence: `Expected the run to spawn ${processes(count)} besides the root, but it spawned ${ids.length}.`,
              expected: processes(count),
              received: processes(ids.length),
              report,
              ids,
            },
      ),
    }
  })
}
