import { checks, describeParentHistory } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { failureMessage } from '../format/message.js'
import { birthParentName, receivedProcess } from '../format/process-level.js'
import { describeExit } from '../format/status.js'
import { undeterminedError } from '../format/undetermined.js'

/**
 * Passes when the process was still running when its parent died (the kernel then reparents it, to
 * the reaper or a subreaper in between): it is an orphan. Decided by the order of its exit and its
 * parent's death; a child that exited first, even if its parent never reaped it, did not outlive it.
 */
export function toOutliveParent(this: MatcherContext, received: unknown): MatcherResult {
  const { p, report } = receivedProcess(this, 'toOutliveParent', '', received)
  const parent = birthParentName(p)
  const outcome = checks.orphaned.evaluateProcess(p, report, p.id)
  if (outcome.undetermined && report) throw undeterminedError(this, 'toOutliveParent', report)
  const history = describeParentHistory(p, report)
  return {
    pass: outcome.pass,
    message: failureMessage(
      this,
      'toOutliveParent',
      this.isNot
        ? {
            sentence: `Expected ${p.id} to end before its parent ${parent}, but it was still running when ${parent} died, and was reparented.`,
            expected: `parents: ${parent}`,
            received: `parents: ${history}`,
            report,
            processes: [p],
            ids: [p.id],
          }
        : {
            sentence:
              p.exitedAt === null
                ? `Expected ${p.id} to outlive its parent ${parent}, but ${parent} was still its parent when the run ended.`
                : `Expected ${p.id} to outlive its parent ${parent}, but it ended first (${describeExit(p.exit, true)})${outcome.facts.adopted ? ', and was handed on as a zombie when its parent died' : ''}.`,
            expected: `parents: ${parent} → a new parent`,
            received: `parents: ${history}`,
            report,
            processes: [p],
            ids: [p.id],
          },
    ),
  }
}
