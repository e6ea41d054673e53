import { checks } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { expectedTypeError } from '../format/expected.js'
import { failureMessage } from '../format/message.js'
import { onReportOrCallback } from '../format/run-level.js'
import { countIds } from '../format/status.js'

/**
 * Passes when no parent held a zombie longer than `ms` milliseconds (a zombie never reaped counts
 * until the end of the run). The one matcher that asks about time, so load can change its answer:
 * documented as such; the verdict's own zombie rule is {@link toLeaveNoZombies}.
 */
export function toReapChildrenWithin(
  this: MatcherContext,
  received: unknown,
  ms: unknown,
): MatcherResult | Promise<MatcherResult> {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    throw expectedTypeError(this, 'toReapChildrenWithin', ms, 'a non-negative number of milliseconds')
  return onReportOrCallback(this, 'toReapChildrenWithin', 'expected', received, (report) => {
    const outcome = checks.reapedWithin.evaluate(report, ms)
    const slow = outcome.facts.slow
    const ids = outcome.ids
    return {
      pass: outcome.pass,
      message: failureMessage(
        this,
        'toReapChildrenWithin',
        this.isNot
          ? {
              expectedArg: String(ms),
              sentence: `Expected a parent to hold a zombie longer than ${ms} ms, but every zombie was reaped within ${ms} ms.`,
              expected: `a zombie held over ${ms} ms`,
              received: 'none',
              report,
              ids: [],
            }
          : {
              expectedArg: String(ms),
              sentence: `Expected every zombie to be reaped within ${ms} ms, but ${slow.map((z) => `${z.id} was held ${Math.round(z.ms)} ms`).join(', ')} (times as recorded: load can change them).`,
              expected: `every zombie reaped within ${ms} ms`,
              received: countIds(ids, 'zombie held longer', 'zombies held longer'),
              report,
              ids,
            },
      ),
    }
  })
}
