import { checks, describeParentHistory, describeReaperPid } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { failureMessage } from '../format/message.js'
import { birthParentName, receivedProcess } from '../format/process-level.js'
import { describeExit } from '../format/status.js'

/**
 * Passes when the process outlived its parent and was reparented to the reaper that stands in for
 * init: the run's sentinel, the PID namespace's PID 1, or the nearest subreaper. The message says
 * which.
 */
export function toBeAdoptedByInit(this: MatcherContext, received: unknown): MatcherResult {
  const { p, report } = receivedProcess(this, 'toBeAdoptedByInit', '', received)
  const adoption = p.parents.find((parent, i) => i > 0 && parent.id === 'reaper')
  const history = describeParentHistory(p, report)
  const parent = birthParentName(p)
  return {
    pass: checks.adopted.evaluateProcess(p, report, p.id).pass,
    message: failureMessage(
      this,
      'toBeAdoptedByInit',
      this.isNot
        ? {
            sentence: `Expected ${p.id} not to be adopted, but it outlived ${parent} and was adopted by ${adoption ? describeReaperPid(adoption.pid, report) : 'the reaper'}.`,
            expected: `parents: ${parent}`,
            received: `parents: ${history}`,
            report,
            processes: [p],
            ids: [p.id],
          }
        : {
            sentence:
              p.exitedAt !== null && p.parents.length === 1
                ? `Expected ${p.id} to be adopted by ${report ? describeReaperPid(report.reaper.pid, report) : 'the reaper'} after its parent died, but it ended (${describeExit(p.exit, true)}) while ${parent} was alive.`
                : `Expected ${p.id} to be adopted by ${report ? describeReaperPid(report.reaper.pid, report) : 'the reaper'} after its parent died, but it was not.`,
            expected: `parents: ${parent} → the reaper`,
            received: `parents: ${history}`,
            report,
            processes: [p],
            ids: [p.id],
          },
    ),
  }
}
