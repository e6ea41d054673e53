import { checks } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { failureMessage } from '../format/message.js'
import { onReportOrCallback } from '../format/run-level.js'
import { countIds, whenEnded } from '../format/status.js'

/**
 * Passes when every process of the run had ended by the time it settled: none was still alive
 * (a stray, which the runner then killed) and none escaped the reaper's tree.
 */
export function toLeaveNoStrayProcesses(
  this: MatcherContext,
  received: unknown,
): MatcherResult | Promise<MatcherResult> {
  return onReportOrCallback(this, 'toLeaveNoStrayProcesses', '', received, (report) => {
    const outcome = checks.nothingLeftRunning.evaluate(report, true)
    const strays = outcome.facts.found
    return {
      pass: outcome.pass,
      message: failureMessage(
        this,
        'toLeaveNoStrayProcesses',
        this.isNot
          ? {
              sentence: `Expected the run to leave a process running, but every process had ended ${whenEnded(report)}.`,
              expected: 'at least 1 stray process',
              received: 'no stray processes',
              report,
              ids: [],
            }
          : {
              sentence: `Expected every process to have ended ${whenEnded(report)}, but ${countIds(strays)} ${strays.length === 1 ? 'was' : 'were'} still running.`,
              expected: 'no stray processes',
              received: countIds(strays, 'stray process', 'stray processes'),
              report,
              ids: strays,
            },
      ),
    }
  })
}
