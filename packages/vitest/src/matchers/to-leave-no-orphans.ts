import type { MatcherContext, MatcherResult } from '../format/context.js'
import { failureMessage } from '../format/message.js'
import { onReportOrCallback } from '../format/run-level.js'
import { countIds, describeReaper } from '../format/status.js'

/** Passes when no process of the run outlived its parent and was adopted by the reaper. */
export function toLeaveNoOrphans(this: MatcherContext, received: unknown): MatcherResult | Promise<MatcherResult> {
  return onReportOrCallback(this, 'toLeaveNoOrphans', '', received, (report) => {
    const orphans = report.verdict.orphans
    const reaper = describeReaper(report.reaper, false)
    return {
      pass: orphans.length === 0,
      message: failureMessage(this, 'toLeaveNoOrphans', this.isNot
        ? {
            sentence: `Expected the run to leave an orphan, but no process was adopted by ${reaper}.`,
            expected: 'at least 1 orphan', received: 'no orphans', report, ids: [],
          }
        : {
            sentence: `Expected the run to leave no orphans, but ${countIds(orphans)} outlived ${orphans.length === 1 ? 'its parent and was' : 'their parents and were'} adopted by ${reaper}.`,
            expected: 'no orphans', received: countIds(orphans, 'orphan', 'orphans'), report, ids: orphans,
          }),
    }
  })
}
