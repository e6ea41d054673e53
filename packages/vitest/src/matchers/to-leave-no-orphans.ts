import { checks } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { failureMessage } from '../format/message.js'
import { onReportOrCallback } from '../format/run-level.js'
import { countIds, describeReaper } from '../format/status.js'
import { undeterminedError } from '../format/undetermined.js'

/**
 * Passes when no process of the run was still running when its parent died (`verdict.orphans` is
 * empty). A child that exited first and was handed to the reaper as a zombie is not an orphan: it
 * is a zombie ({@link toLeaveNoZombies}).
 */
export function toLeaveNoOrphans(this: MatcherContext, received: unknown): MatcherResult | Promise<MatcherResult> {
  return onReportOrCallback(this, 'toLeaveNoOrphans', '', received, (report) => {
    const outcome = checks.noOrphans.evaluate(report, true)
    if (outcome.undetermined) throw undeterminedError(this, 'toLeaveNoOrphans', report)
    const orphans = outcome.facts.found
    const reaper = describeReaper(report.reaper, false)
    return {
      pass: outcome.pass,
      message: failureMessage(
        this,
        'toLeaveNoOrphans',
        this.isNot
          ? {
              sentence: 'Expected the run to leave an orphan, but no process was still running when its parent died.',
              expected: 'at least 1 orphan',
              received: 'no orphans',
              report,
              ids: [],
            }
          : {
              sentence: `Expected the run to leave no orphans, but ${countIds(orphans)} ${orphans.length === 1 ? 'was' : 'were'} still running when ${orphans.length === 1 ? 'its parent' : 'their parents'} died, and ${orphans.length === 1 ? 'was' : 'were'} adopted by ${reaper}.`,
              expected: 'no orphans',
              received: countIds(orphans, 'orphan', 'orphans'),
              report,
              ids: orphans,
            },
      ),
    }
  })
}
