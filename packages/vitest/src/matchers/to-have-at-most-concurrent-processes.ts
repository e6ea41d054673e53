import { checks } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { assertCount } from '../format/expected.js'
import { failureMessage } from '../format/message.js'
import { onReportOrCallback } from '../format/run-level.js'

const processes = (n: number): string => `${n} ${n === 1 ? 'process' : 'processes'}`

/** Passes when at no moment more than `limit` processes besides the root were alive at once. */
export function toHaveAtMostConcurrentProcesses(this: MatcherContext, received: unknown, limit: unknown): MatcherResult | Promise<MatcherResult> {
  assertCount(this, 'toHaveAtMostConcurrentProcesses', limit)
  return onReportOrCallback(this, 'toHaveAtMostConcurrentProcesses', 'expected', received, (report) => {
    const outcome = checks.atMostConcurrent.evaluate(report, limit)
    const peak = outcome.facts
    return {
      pass: outcome.pass,
      message: failureMessage(this, 'toHaveAtMostConcurrentProcesses', this.isNot
        ? {
            expectedArg: String(limit),
            sentence: `Expected more than ${processes(limit)} besides the root to be alive at once, but there were never more than ${peak.count}.`,
            expected: `more than ${processes(limit)} at once`, received: `at most ${processes(peak.count)} at once`, report, ids: peak.ids,
          }
        : {
            expectedArg: String(limit),
            sentence: `Expected at most ${processes(limit)} besides the root to be alive at once, but ${peak.count} were (${peak.ids.join(', ')}).`,
            expected: `at most ${processes(limit)} at once`, received: `${processes(peak.count)} at once`, report, ids: peak.ids,
          }),
    }
  })
}
