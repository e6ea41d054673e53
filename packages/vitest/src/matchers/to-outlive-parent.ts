import type { MatcherContext, MatcherResult } from '../format/context.js'
import { failureMessage } from '../format/message.js'
import { birthParentName, parentHistory, receivedProcess } from '../format/process-level.js'
import { describeExit } from '../format/status.js'

/**
 * Passes when the process was still alive when its parent at birth died, which the kernel shows by
 * reparenting it (to the reaper, or to a subreaper in between).
 */
export function toOutliveParent(this: MatcherContext, received: unknown): MatcherResult {
  const { p, report } = receivedProcess(this, 'toOutliveParent', '', received)
  const parent = birthParentName(p)
  const reparented = p.parents.length > 1
  const history = parentHistory(p, report)
  return {
    pass: reparented,
    message: failureMessage(this, 'toOutliveParent', this.isNot
      ? {
          sentence: `Expected ${p.id} to end before its parent ${parent}, but it outlived it and was reparented.`,
          expected: `parents: ${parent}`, received: `parents: ${history}`, report, processes: [p], ids: [p.id],
        }
      : {
          sentence: p.exitedAt === null
            ? `Expected ${p.id} to outlive its parent ${parent}, but ${parent} was still its parent when the run ended.`
            : `Expected ${p.id} to outlive its parent ${parent}, but it ended first (${describeExit(p.exit, true)}).`,
          expected: `parents: ${parent} → a new parent`, received: `parents: ${history}`, report, processes: [p], ids: [p.id],
        }),
  }
}
