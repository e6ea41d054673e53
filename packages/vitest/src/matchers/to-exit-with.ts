import type { MatcherContext, MatcherResult } from '../format/context.js'
import { assertCount } from '../format/expected.js'
import { failureMessage } from '../format/message.js'
import { assertReport } from '../format/received.js'
import { rememberReport } from '../format/report-of.js'
import { checks, describeRootExit, evaluateCheck } from '@proclife/report'

/** Passes when the run's root process exited normally with exit code `code`. */
export function toExitWith(this: MatcherContext, received: unknown, code: unknown): MatcherResult {
  assertCount(this, 'toExitWith', code)
  assertReport(this, 'toExitWith', 'expected', received)
  rememberReport(received)
  const report = received
  const actual = describeRootExit(report.exit)
  const happened = report.exit.signal
    ? `it was ${actual}`
    : report.exit.code === null
      ? 'it did not exit'
      : `it exited with code ${report.exit.code}`
  return {
    pass: evaluateCheck(checks.exitedWith, report, { process: 'root', code }).pass,
    message: failureMessage(
      this,
      'toExitWith',
      this.isNot
        ? {
            expectedArg: String(code),
            sentence: `Expected the root process not to exit with code ${code}, but it did.`,
            expected: `not exit code ${code}`,
            received: actual,
            report,
            ids: ['root'],
          }
        : {
            expectedArg: String(code),
            sentence: `Expected the root process to exit with code ${code}, but ${happened}.`,
            expected: `exit code ${code}`,
            received: actual,
            report,
            ids: ['root'],
          },
    ),
  }
}
