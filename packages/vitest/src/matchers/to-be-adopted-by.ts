import { checks, describeParent, describeParentHistory } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { expectedTypeError } from '../format/expected.js'
import { failureMessage } from '../format/message.js'
import { receivedProcess } from '../format/process-level.js'

const KINDS = ['sentinel', 'init', 'subreaper'] as const

/**
 * Passes when the process was reparented (after its parent died) to `adopter`: `'reaper'` (the
 * run's reaper, whatever it is), a reaper kind (`'sentinel'`, `'init'`, `'subreaper'`), a
 * process of the run by id (`'root'`, for a fixture that makes itself a subreaper), or a pid.
 */
export function toBeAdoptedBy(this: MatcherContext, received: unknown, adopter: unknown): MatcherResult {
  if (typeof adopter !== 'number' && typeof adopter !== 'string') {
    throw expectedTypeError(
      this,
      'toBeAdoptedBy',
      adopter,
      '"reaper", "sentinel", "init", "subreaper", a process id such as "root", or a pid',
    )
  }
  const { p, report } = receivedProcess(this, 'toBeAdoptedBy', 'expected', received)
  const kind = KINDS.find((k) => k === adopter)
  if (kind && !report) {
    throw expectedTypeError(
      this,
      'toBeAdoptedBy',
      adopter,
      `"reaper" here: this process's report was not seen, so the reaper's kind is not known`,
    )
  }
  const outcome = checks.adoptedBy.evaluateProcess(p, report, { process: p.id, by: adopter })
  const adoptions = outcome.facts.adoptions
  const shown =
    typeof adopter === 'number'
      ? `pid ${adopter}`
      : kind
        ? `the ${kind}`
        : adopter === 'reaper'
          ? 'the reaper'
          : adopter
  const arg = typeof adopter === 'number' ? String(adopter) : JSON.stringify(adopter)
  const history = describeParentHistory(p, report)
  const adoptedBy = adoptions.map((parent) => describeParent(parent, report)).join(', then ')
  return {
    pass: outcome.pass,
    message: failureMessage(
      this,
      'toBeAdoptedBy',
      this.isNot
        ? {
            expectedArg: arg,
            sentence: `Expected ${p.id} not to be adopted by ${shown}, but it was.`,
            expected: `not adopted by ${shown}`,
            received: `parents: ${history}`,
            report,
            processes: [p],
            ids: [p.id],
          }
        : {
            expectedArg: arg,
            sentence:
              adoptions.length === 0
                ? `Expected ${p.id} to be adopted by ${shown}, but it was never reparented.`
                : `Expected ${p.id} to be adopted by ${shown}, but it was adopted by ${adoptedBy}.`,
            expected: `adopted by ${shown}`,
            received: `parents: ${history}`,
            report,
            processes: [p],
            ids: [p.id],
          },
    ),
  }
}
