import { checks } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { assertCount } from '../format/expected.js'
import { failureMessage } from '../format/message.js'
import { receivedProcess } from '../format/process-level.js'
import { describeExit } from '../format/status.js'

/** Passes when the process exited normally with exit code `code`. */
export function toHaveExitedWith(this: MatcherContext, received: unknown, code: unknown): MatcherResult {
  assertCount(this, 'toHaveExitedWith', code)
  const { p, report } = receivedProcess(this, 'toHaveExitedWith', 'expected', received)
  const actual = describeExit(p.exit, p.exitedAt !== null)
  return {
    pass: checks.exitedWith.evaluateProcess(p, report, { process: p.id, code }).pass,
    message: failureMessage(
      this,
      'toHaveExitedWith',
      this.isNot
        ? {
            expectedArg: String(code),
            sentence: `Expected ${p.id} not to exit with code ${code}, but it did.`,
            expected: `not exit code ${code}`,
            received: actual,
            report,
            processes: [p],
            ids: [p.id],
          }
        : {
            expectedArg: String(code),
            sentence: `Expected ${p.id} to exit with code ${code}, but it ended with ${actual}.`,
            expected: `exit code ${code}`,
            received: actual,
            report,
            processes: [p],
            ids: [p.id],
          },
    ),
  }
}
